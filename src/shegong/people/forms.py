from shegong.core.forms import RecordForm

from .models import Education, Person, WorkHistory


class PersonForm(RecordForm):
    class Meta:
        model = Person
        fields = ["national_id", "name", "phone", "email", "address", "area", "organisation"]


class EducationForm(RecordForm):
    class Meta:
        model = Education
        fields = ["person", "level", "major", "school", "year"]


class WorkHistoryForm(RecordForm):
    class Meta:
        model = WorkHistory
        fields = ["person", "employer", "position", "start", "end"]
