"""The API's views, one module per area: ``tasks`` (worklists and the task actions),
``letters`` (a letter, its files, registration), ``followups``, ``agenda``."""
