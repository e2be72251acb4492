"""The public pages: front page, public register, verification, complaints."""
