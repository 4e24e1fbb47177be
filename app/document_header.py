"""The line at the top of every page of a document for the funder. Apart from
app/documents.py (python-docx), so that a report can be built for a page without loading the
writer."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentHeader:
    """The line at the top of every page: 'Biedrība X · Līgums Nr. S-2019/01 · 01.12.2019–
    31.05.2020'. The caller resolves each part (the organisation from the settings or config,
    the contract line and the period in the document's language); empty parts are left out."""

    organisation: str
    contract: str = ""
    period: str = ""

    def line(self) -> str:
        return " · ".join(part for part in (self.organisation, self.contract, self.period) if part)
