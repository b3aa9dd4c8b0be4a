import factory

from certificates.codes import code_generate
from certificates.models import Certificate, CertificateTemplate, CourseCertificateSettings
from certificates.statuslist import status_index_next

from .users import UserFactory


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateTemplate

    name = factory.Sequence(lambda n: f"Template {n}")
    issuer_name = "Socle Academy"
    title = "Certificate of completion"
    body = "This certifies that {learner_name} completed {course_title} ({hours} hours) on {date}."


class CourseCertificateSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseCertificateSettings

    template = factory.SubFactory(CertificateTemplateFactory)
    enabled = True


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate row as the service writes it (no PDF); for reads and views."""

    class Meta:
        model = Certificate

    user = factory.SubFactory(UserFactory)
    template = factory.SubFactory(CertificateTemplateFactory)
    code = factory.LazyFunction(code_generate)
    status_list_index = factory.LazyFunction(status_index_next)
    learner_name = factory.LazyAttribute(lambda o: o.user.full_name)
    course_title = factory.LazyAttribute(lambda o: o.course.title)
    issuer_name = "Socle Academy"
