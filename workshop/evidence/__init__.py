"""Evidence of the annual review: indicator values, funded projects and their analyses."""
