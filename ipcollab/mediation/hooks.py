"""Navigation entries, home attention items and the dossier panel of the mediation app."""
