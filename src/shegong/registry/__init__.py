"""The social work register: exams, certificates, registration, conduct."""
