"""What the user does, written once for the TUI and the command line: record an answer, plan a drill, import a bank.

Below both front ends and above the core: no Textual, click or speech library here, and nothing said to the
user; each use case returns what happened and the caller says it in its own way.
"""
