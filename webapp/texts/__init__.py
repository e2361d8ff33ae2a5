"""Area tables of the translation table: each module here defines `TEXT: dict[str, tuple[str, str]]`.

`webapp.text` merges them into the one table at import; a key defined twice is an error, never a
last-one-wins. One module per area keeps parallel work on different pages out of each other's way.
"""
