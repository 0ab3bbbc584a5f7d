"""Round-table view for moderators: live compass, comments, validation records, group ratings."""
