"""Web pages of the matter engine: the inbox and the matter page every type shares."""
