from orbitcompute.cli import main

main()
