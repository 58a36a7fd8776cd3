"""The demo agency: realistic Vietnamese names, a seeded generator, and the code that writes it.

``names`` holds the name data, ``generator`` describes the agency from a seed
(no database), ``build`` writes it and ``accounts`` lists the demo logins.
"""
