"""The global knowledge platform: practices and lessons learned, and search across languages.

The GCM's capacity-building mechanism keeps a knowledge platform beside the connection
hub and the start-up fund; this package holds its records and services.
"""
