"""Administrative areas: reference data, one tree from province to community."""
