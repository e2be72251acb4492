"""Users, memberships (role + scope), API tokens, sign-in."""
