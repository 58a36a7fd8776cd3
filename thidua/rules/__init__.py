"""The law, as pure Python: eligibility, working-day arithmetic, scoring and ballot tallies.

Nothing here imports Django or any other thidua package (import-linter checks it);
every input, including the date and the policy, is an argument.
"""
