"""The six-monthly interim report as a document of the intranet: its narrative written per period
by the coordinator and the lead (with who wrote what), its data sections from the records, and,
once the period is reported, the document as it was sent, kept with its SHA-256."""
