"""Import of people and units from the staff list an office keeps in Excel.

The pipeline has three steps:

1. read (pure, no database): ``parsing`` finds the sheets and header rows using
   ``columns`` (the header variants), ``row_reading`` and ``cells`` turn each
   row into the ``rows`` dataclasses, each with its own issues;
2. plan (reads only): ``planning`` and ``unit_planning`` compare the rows with
   the database (looked up once in ``context``) and the importer's scope,
   producing the ``plan``: what would be created, changed, moved, and every error;
3. ``service``: the preview and commit entry points; commit plans again and
   writes every row or none in one transaction, through the organisation services.

``runs`` starts and finds the background jobs that run steps 2 and 3.
"""
