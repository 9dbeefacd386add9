"""The 信用能源 public portal: server-rendered pages in Simplified Chinese, no external assets."""
