"""The `zhengban` command: Django's management commands under the project's own name."""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengban.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "zhengban"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
