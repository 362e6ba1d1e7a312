"""The PySide6 desktop front end. The only package that imports Qt; nothing imports it but app.py."""
