"""Official documents as editable .docx files: application, support decision, receipt list.

``layout`` builds the administrative layout of Decree 30/2020/NĐ-CP (national motto,
agency heading, place and date line, signature block); each document module keeps its
wording together at the top so that a province can change a template without touching
the code that fills it.
"""
