"""What each command is for, in both languages, with examples: the text of every ``--help``.

One entry per command path (``""`` is ``civcheck`` itself, ``"approvals
check"`` a subcommand): the summary line (``civcheck --help`` lists it, and
the command's own help shows it once, at the top), a paragraph on what it
does that the summary does not say, and one or two examples that run on the
bundled example township from the project's folder (``examples/chengjiao``;
``tests/test_help.py`` runs every one of them).  An example's command line
fits an 80-column terminal; its comment says what it gives.

Options are not described here: each option's help stands beside the option,
in both languages (``zh_en`` in ``civcheck/cli/helptext.py``).
"""

from __future__ import annotations


class Example:
    """A command line, and what it gives."""

    __slots__ = ("command", "en", "zh")

    def __init__(self, command: str, zh: str, en: str) -> None:
        self.command, self.zh, self.en = command, zh, en


class About:
    """A command's help: its summary, what else to know, examples (plain classes: ``--help`` loads them)."""

    __slots__ = ("examples", "summary", "text")

    def __init__(self, summary: tuple[str, str], text: tuple[str, str], examples: tuple[Example, ...]) -> None:
        self.summary = summary  # (zh, en): one line of `civcheck --help`
        self.text = text  # (zh, en): what the summary does not say
        self.examples = examples


ABOUT: dict[str, About] = {
    "": About(
        ("文明创建自查自测工具：检查表、逐条自查、精确计分、通报和整改台账。",
         "Checklists and scored self-assessments for township creation offices."),
        ("每个命令的选项和示例：civcheck 命令 --help。说哪种语言：--lang zh|en，否则看环境变量 "
         "CIVCHECK_LANG，再否则看系统的区域设置。命令和选项的 Tab 补全：civcheck completion --help。",
         "Each command's options and examples: civcheck COMMAND --help. The language: --lang zh|en, else "
         "the CIVCHECK_LANG environment variable, else the locale. Tab completion of commands and options: "
         "civcheck completion --help."),
        (Example("civcheck checklists", "有哪些检查表", "The checklists there are"),
         Example("civcheck score examples/chengjiao", "为示例乡镇的答卷评分、排名",
                 "Score and rank the example township's answers")),
    ),
    "assess": About(
        ("逐条逐项自查一个点位，可中断后继续。", "Self-check a site item by item (逐条逐项自查), resumable."),
        ("依次询问每个适用的条目，每答一项立即保存到答卷文件（默认为 点位--检查表--轮次.yaml）；再次运行同一命令"
         "即从中断处继续，--review 修改已答的条目和照片，s 跳过一项稍后再答。轮次总会记入答卷（默认本月），"
         "别的轮次的答卷不会被续写；--from 以上轮答卷为起点，上轮答案逐项确认后才记入。点位未说明而决定条目"
         "是否适用的属性，先按检查表的问法询问。标准输入不是终端时每行答一项（问题描述和照片写在同一行的 | 之后），"
         "遇到第一行无效的答案即停止（退出码 2）。",
         "Asks every applicable item in turn and saves each answer at once to the answers file "
         "(SITE--CHECKLIST--ROUND.yaml by default); run the same command again to resume, with --review to change "
         "answers and photos; s leaves an item for later. A round is always recorded (this month by default) and "
         "a file of another round is never continued; --from starts from last round's answers, each kept only "
         "when confirmed. An attribute the site has not stated that decides which items apply is asked first, "
         "in the checklist's words. When standard input is not a terminal, each line answers one item (its note "
         "and photos after | on the same line) and the first invalid line stops the run (exit 2)."),
        (Example("civcheck assess village-ring --site hexi --attr has_waterway=true",
                 "开始（或继续）河西村本月的自查（村内有河道）", "Start (or resume) 河西村's self-check of this month"),
         Example("civcheck assess village-ring --site hexi --review",
                 "修改河西村本月已答的条目", "Change the answers already given for 河西村 this month")),
    ),
    "score": About(
        ("为答卷评分，发布排名通报。", "Score answers files and publish the ranked bulletin (通报)."),
        ("每份答卷一个结果，文件夹递归查找。一次排名一个轮次（默认最近一轮），并与上一轮对比（上轮得分、变化）。"
         "有错误的文件逐一报告，其他文件照常评分，最后以退出码 2 结束。",
         "One result per answers file; folders are searched recursively. One round is ranked at a time (the "
         "latest by default) and compared with the round before. A bad file is reported and the others are "
         "still scored; the run then ends with exit code 2."),
        (Example("civcheck score examples/chengjiao --round 2026-08",
                 "示例乡镇 8 月的通报，附 7 月的得分和变化",
                 "The example township's August bulletin, with July's scores and the change"),
         Example("civcheck score examples/chengjiao -f html -o 通报.html --red-black 3",
                 "可打印的通报网页，含红黑榜", "A printable bulletin page, with the red and black lists")),
    ),
    "report": About(
        ("一个点位的问题报告：分组得分和按影响排序的问题。", "One site's gap report: sections and ranked gaps."),
        ("列出得分、等级和是否达标；各分组是强项、一般还是弱项（并计漏项和未检）；问题按影响排序，附责任单位、"
         "整改措施和整改时限。html 格式还显示检查人拍的照片。",
         "The score, the grade and whether it passes; each section as strong, fair or weak (counting the items "
         "not done and unchecked); the gaps ranked by impact, with the responsible unit, the remedy and the "
         "deadline. The html format also shows the inspector's photos."),
        (Example("civcheck report examples/chengjiao/2026-08/hexi--village-ring.yaml",
                 "河西村 8 月的问题报告", "河西村's gap report for August"),
         Example("civcheck report examples/chengjiao/2026-08/hexi--village-ring.yaml -f md",
                 "同一份报告，Markdown 格式", "The same report as Markdown")),
    ),
    "ledger": About(
        ("整改台账：每个问题一项任务，逐轮接续。", "The rectification ledger (整改台账), carried round to round."),
        ("每个问题一项任务，含责任单位、责任人、整改措施、整改时限和状态。--previous 接续上一轮的台账"
         "（复查不再发现的问题销号），--by owner 按责任单位分成交办单。",
         "One task per gap, with the responsible unit, the person, the remedy, the deadline and the status. "
         "--previous carries the last ledger forward (a task is closed once re-inspection no longer finds it); "
         "--by owner cuts it into task lists (交办单) per unit."),
        (Example("civcheck ledger examples/chengjiao/2026-07 -f xlsx -o 台账7.xlsx",
                 "7 月的整改台账，在 Excel 或 WPS 中填写", "July's ledger, to fill in with Excel or WPS"),
         Example("civcheck ledger examples/chengjiao/2026-08 --previous 台账7.xlsx --by owner",
                 "8 月接续 7 月的台账，按责任单位分成交办单",
                 "August carries July's ledger forward, cut per responsible unit")),
    ),
    "compare": About(
        ("两轮对比：已销号、仍存在和新发现的问题。", "Two rounds compared: gaps closed, persisting and new."),
        ("每个点位两轮的得分和变化，以及已销号、仍存在、新发现的问题；只在一轮出现的点位单独列出。",
         "Each site's old and new score and the change, with the gaps closed, persisting and new; sites seen "
         "in only one round are listed apart."),
        (Example("civcheck compare examples/chengjiao/2026-07 examples/chengjiao/2026-08",
                 "示例乡镇 7 月和 8 月对比", "July and August compared in the example township"),
         Example("civcheck compare examples/chengjiao/2026-07 examples/chengjiao/2026-08 -f md",
                 "同上，Markdown 格式", "The same as Markdown")),
    ),
    "template": About(
        ("给现场检查人员填写的工作簿（现场检查表）。", "A fill-in workbook for field inspectors (现场检查表)."),
        ("名册中每个需要这张检查表的点位一个工作表（不给名册时一个空白表）：先是点位信息，然后每个适用的条目"
         "一行，答案从下拉列表中选，另有问题描述和证据栏。填好后用 civcheck import 读回。",
         "One sheet per roster site that needs the checklist (or one blank sheet without a roster): the site's "
         "cells, then one row per applicable item with a drop-down answer, a note and an evidence cell. Read "
         "it back with civcheck import once filled in."),
        (Example("civcheck template village-ring -o 现场检查表.xlsx --round 2026-09",
                 "环镇村检查表的空白工作簿", "A blank workbook of the village-ring checklist"),),
    ),
    "import": About(
        ("把填好的工作簿读回为答卷文件。", "Filled-in workbooks back into answers files."),
        ("读取填好的工作簿（.xlsx）和从中另存的 CSV，在输出文件夹中写出 点位--检查表.yaml（替换先前的导入）。"
         "每张工作表是一个点位的答卷：每个有错误的单元格报告为 文件:工作表!单元格，有错误的工作表什么也不写，"
         "其他工作表和文件照常导入，最后以退出码 2 结束。",
         "Reads filled workbooks (.xlsx) and CSV files saved from them, and writes SITE--CHECKLIST.yaml into "
         "the output folder, replacing an earlier import. Each sheet is one site's answers: every bad cell is "
         "reported as file:sheet!cell, a sheet with any bad cell writes nothing, and the other sheets and files "
         "are still imported (exit 2 at the end)."),
        (Example("civcheck import 现场检查表.xlsx -o answers",
                 "读回上一例生成并已填好的工作簿", "Read back the workbook made above, once filled in"),),
    ),
    "checklists": About(
        ("列出找到的检查表。", "List the checklists found."),
        ("内置的检查表，以及 --checklists 和环境变量 CIVCHECK_CHECKLISTS 所给文件夹中的检查表：编号、版本、"
         "名称、条目数和路径。",
         "The bundled checklists and those in the folders given with --checklists or CIVCHECK_CHECKLISTS: "
         "id, version, title, item count and path."),
        (Example("civcheck checklists", "内置的检查表", "The bundled checklists"),
         Example("civcheck checklists --lang en", "用英文列出", "The same, in English")),
    ),
    "show": About(
        ("以分组和条目的树形显示检查表。", "Show a checklist as a tree of sections and items."),
        ("每个条目显示编号、内容、类型和分值，是否一票否决，适用条件，以及可否答不适用。",
         "Each item with its id, text, kind and points, whether it vetoes, when it applies and whether it "
         "may be answered not applicable."),
        (Example("civcheck show village-ring", "环镇村检查表（最新版本）",
                 "The village-ring checklist (its newest version)"),
         Example("civcheck show village-ring --version 2026.07", "它的 2026.07 版", "Its 2026.07 version")),
    ),
    "lint": About(
        ("检查检查表文件：逐一列出问题及其位置。", "Check checklist files: every problem, located."),
        ("每个问题一行：路径:行:列: 级别 规则编号 说明。有错误时退出码为 1（加 --strict 时警告也算）。"
         "各条规则见 docs/lint.md。",
         "Each problem on one line, as path:line:column: level rule-id message. Exit 1 on errors (on "
         "warnings too with --strict). The rules are described in docs/lint.md."),
        (Example("civcheck lint checklists", "检查一个文件夹中的全部检查表", "Lint every checklist in a folder"),
         Example("civcheck lint checklists --strict -f github",
                 "在 CI 中：警告也算失败，输出为 GitHub 注释", "In CI: warnings fail too, as GitHub annotations")),
    ),
    "diff": About(
        ("比较检查表两个版本的改动。", "What changed between two versions of a checklist."),
        ("列出新增、删除、改分、改写和移动的条目。影响计分的改动没有同时修改 version 时退出码为 1。"
         "--git REV 把每个文件与 git 版本 REV 中的同一文件比较。",
         "The items added, removed, re-pointed, re-worded and moved. Exit 1 when scores can change but the "
         "version did not. --git REV compares each file with its version at git revision REV."),
        (Example("civcheck diff --git HEAD checklists",
                 "检查表相对上次提交的改动", "What changed in the checklists since the last commit"),),
    ),
    "regress": About(
        ("检查答卷的得分是否仍与其 expect 一致。", "Check answers files still score their expect: block."),
        ("为每份带 expect 的答卷评分，逐项列出与预期不符之处；有不符时退出码为 1。修改检查表后用它确认"
         "没有哪个结果意外改变。",
         "Scores every answers file that carries expect: and lists each mismatch; exit 1 on any. Run it "
         "after changing a checklist to see that no result changed by accident."),
        (Example("civcheck regress examples", "示例乡镇的全部答卷", "Every answers file of the example township"),
         Example("civcheck regress examples -f junit -o regress.xml",
                 "JUnit 格式，供 CI 使用", "As JUnit XML, for CI")),
    ),
    "approvals": About(
        ("创建办对“不适用”的核批：approvals check 文件。", "The office's approvals of 不适用: approvals check FILE."),
        ("核批文件（approvals.yaml）记录每个“不适用”的理由、核批人和有效期，格式见 docs/formats.md §8。",
         "The approvals file (approvals.yaml) records each 不适用 with its reason, who approved it and until "
         "when; its format is in docs/formats.md §8."),
        (Example("civcheck approvals check examples/chengjiao/approvals.yaml",
                 "检查示例乡镇的核批文件", "Check the example township's approvals"),),
    ),
    "approvals check": About(
        ("检查核批文件：未知的点位或条目、已过期的核批等。",
         "Lint an approvals file: unknown sites or items, expired entries."),
        ("找出核批了未知的点位、检查表或条目，核批了不可答不适用的条目，以及已过期的核批。每个发现一行："
         "路径:行:列: 说明；有发现时退出码为 1，文件无法读取时为 2。",
         "Finds approvals of unknown sites, checklists or items, of items that can never be 不适用, and "
         "expired ones. Every finding as path:line:column: message; exit 1 when there is one, 2 when the file "
         "cannot be read."),
        (Example("civcheck approvals check examples/chengjiao/approvals.yaml",
                 "检查示例乡镇的核批文件", "Check the example township's approvals"),
         Example("civcheck approvals check examples/chengjiao/approvals.yaml --today 2027-01-01",
                 "到 2027 年 1 月 1 日哪些核批已过期", "Which approvals will have expired by 1 January 2027")),
    ),
    "schema": About(
        ("某类文件的 JSON Schema（检查表、答卷等）。", "The JSON Schema of a file kind (checklist, answers, …)."),
        ("输出检查表、答卷、名册或核批文件的 JSON Schema（draft 2020-12），供编辑器和其他工具校验。",
         "Prints the JSON Schema (draft 2020-12) of a checklist, answers, sites or approvals file, for "
         "editors and other tools."),
        (Example("civcheck schema answers -o answers.schema.json",
                 "供 VS Code 等带 YAML 语言服务的编辑器使用",
                 "For VS Code and other editors with a YAML language server"),),
    ),
    "completion": About(
        ("bash、zsh、fish 和 PowerShell 的 Tab 补全。", "Tab completion for bash, zsh, fish and PowerShell."),
        ("输出一种 shell 的补全脚本；加 --install 则把它写到该 shell 启动时读取的位置，之后新开的终端里生效。"
         "不给 SHELL 时用当前的 shell。补全命令名、选项、--format 等选项的取值和检查表编号，提示文字的"
         "语言与帮助相同。",
         "Prints a shell's completion script; with --install, writes it where that shell loads it, for the "
         "terminals opened afterwards. Without SHELL, the current shell. It completes commands, options, the "
         "values of --format and the like, and checklist ids, with help in the same language as --help."),
        (Example("civcheck completion bash --install", "为 bash 安装补全", "Install completion for bash"),
         Example("civcheck completion zsh", "查看 zsh 的补全脚本", "Show the completion script for zsh")),
    ),
}  # fmt: skip
