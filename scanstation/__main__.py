from scanstation.cli import main

main()
