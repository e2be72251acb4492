from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class EducationLevel(models.TextChoices):
    SECONDARY = "secondary", _("Secondary school")
    VOCATIONAL = "vocational", _("Vocational college")
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master")
    DOCTORATE = "doctorate", _("Doctorate")
