"""What the two file readers (csv_data.py, run_files.py) share: the first check of a file's
bytes. (Long values are quoted in messages with ui.plain_text.shortened.)"""


def check_bytes(content, max_bytes, megabyte, limit_text):
    """Refuse with a ValueError what is not a file's bytes, or is more than max_bytes long.

    The message says the file's size in megabytes of `megabyte` bytes (10**6, or 2**20 as the
    server's upload limit counts them), then `limit_text`, e.g. "the limit is 1 MB".
    """
    if not isinstance(content, (bytes, bytearray)):
        raise ValueError(f"expected the file's bytes. Received: {type(content).__name__}")
    if len(content) > max_bytes:
        raise ValueError(f"the file is {len(content) / megabyte:.1f} MB; {limit_text}")
