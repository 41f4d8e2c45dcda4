from eventmap.cli import main

main()
