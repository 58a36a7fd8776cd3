"""The work-processing demo: years of documents and tasks that tell a story on the dashboard.

``texts`` holds the Vietnamese wording (senders, abstracts, tasks, results),
``records`` the plain records of a plan (who works where, what is to be written),
``story`` the shape of the years (who improves, who struggles, the rush before
Tết), ``plan`` draws every document, task and assignment from a seed without
touching the database, ``rows`` writes the plans in bulk, ``live`` replays the
last days through the services, and ``build`` puts it together behind
``demo_build``, the service of ``thidua demo``.
"""
