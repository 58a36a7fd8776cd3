"""Import of past titles and awards kept in Excel (one row per title or award), and the pages
of both history imports (this one and the yearly ratings of ``thidua.emulation.importing``).

The reading, the preview and the commit are the ratings import's
(``thidua.emulation.importing``: ``sheet``, ``plan``, ``runs``); this package adds
the columns and values of titles and awards (``columns``), the planner
(``history``), the service (``service``), the job handlers (``jobs``) and the
pages (``views``, ``urls``), which serve both imports because this app sits
above the emulation app.
"""
