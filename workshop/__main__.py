"""`python -m workshop` is the `workshop` command."""

from workshop.entry import main

main()
