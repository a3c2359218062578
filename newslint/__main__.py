"""``python -m newslint``."""

from newslint.cli import main

if __name__ == "__main__":
    main()
