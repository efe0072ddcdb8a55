"""``python -m civcheck`` and the ``civcheck`` command.

Ctrl-C is taken care of before anything else is loaded (civcheck/interrupt.py):
pressed while Typer and the command load, it says one line and exits 130.
"""


def main() -> None:
    from civcheck.interrupt import program

    program(_command_line)


def _command_line() -> None:
    from civcheck.cli import app

    app()


if __name__ == "__main__":
    main()
