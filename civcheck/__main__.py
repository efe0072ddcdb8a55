"""``python -m civcheck``."""

from civcheck.cli import main

if __name__ == "__main__":
    main()
