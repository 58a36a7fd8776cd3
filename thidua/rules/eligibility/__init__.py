"""Who may receive which emulation title or commendation award, and why (pure Python).

- ``facts``: the dataclasses the engine reads;
- ``versions``: the rules of the law as versioned data;
- ``engine``: ``evaluate`` a request, ``evaluate_one`` a subject, with explained verdicts;
- ``quotas``: slots per unit, ranking and tie-break;
- ``exchange``: the public JSON format ``thidua.eligibility/1``.
"""
