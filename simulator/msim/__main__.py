"""`python3 -S -m msim ARGS`: the simulator's command line (see msim.commandline)."""
from .commandline import main

main()
