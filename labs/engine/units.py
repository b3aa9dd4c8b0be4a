"""Labels with a literal "%" that the models share, marked for translation only.

xgettext reads "% o" as a Python format directive; each string is marked
no-python-format so that translations keep "%" as text (and `makemessages` keeps
them translated). Labels without "%" stay in their model's module.
"""

from .base import gettext_noop as _

# xgettext:no-python-format
OF_POVERTY_LINE = _("% of the poverty line")
# xgettext:no-python-format
OF_ELIGIBLE = _("% of those eligible")
# xgettext:no-python-format
OF_BENEFITS = _("% of benefits")
# xgettext:no-python-format
COST_OF_GDP = _("Cost, % of GDP")
# xgettext:no-python-format
COST_OF_REVENUE = _("Cost, % of government revenue")
# xgettext:no-python-format
OF_GDP_PER_HEAD = _("% of GDP per head")
# xgettext:no-python-format
OF_CLAIMS = _("% of claims")
# xgettext:no-python-format
OF_POPULATION = _("% of the population")
# xgettext:no-python-format
OF_COVERED_WAGES = _("% of covered wages")
# xgettext:no-python-format
OF_AVERAGE_WAGE = _("% of the average wage")
# xgettext:no-python-format
OF_LABOUR_FORCE = _("% of the labour force")
# xgettext:no-python-format
OF_CONTRIBUTIONS = _("% of contributions")
