"""Models of the work-processing domain: the working-day calendar overlay, registers, documents, tasks."""
