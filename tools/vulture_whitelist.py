"""Names vulture reports as unused but that are alive (issue 11 point 6).

vulture (`[tool.vulture]` in pyproject.toml, run by .ci/run) reads this file as code: a name
used here counts as used everywhere. The framework protocols (Meta options, `get_*`,
`validate_*`, `clean_*`, `filter_*`, `perform_*`, fixtures, registered tables, jobs…) are
patterns in pyproject.toml; this file lists the single names, each with where it is used.
Never executed. Before adding a name, check it really has a user: the point of the check is
that code nothing calls is deleted, not listed here.
"""

_ = object()

# --- Named by a dotted path in settings.py (vulture does not read strings) ---------------------
_.CorrelationIdMiddleware  # MIDDLEWARE
_.Pagination  # REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]
_.RestrictedAccess  # REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]
_.locked_out  # AXES_LOCKOUT_CALLABLE (accounts.views: the locked-out page)
_.original_response  # its signature, as django-axes calls it: (request, original_response, ...)
_.error_summary  # template tag {% error_summary form %} (core/templatetags/shegong_forms.py)

# --- Registered by subclassing, called by the library -----------------------------------------
_.value_from_datadict  # core.forms.AutocompleteWidget: Django's widget protocol
_.value_omitted_from_data  # core.forms.AutocompleteWidget: Django's widget protocol
_.format_value  # core.forms.AutocompleteWidget: Django's widget protocol
_.ExpiringTokenScheme  # drf-spectacular OpenApiAuthenticationExtension: the token's schema
_.auto_schema  # its get_security_definition(self, auto_schema): signature required
_.default_auto_field  # AppConfig option read by Django
_.input_type  # core.forms.DateInput: Django's widget renders <input type=...>
_.authentication_classes  # DRF view option (portal API: no authentication at all)
_.app_configs  # Django system check signature: check(app_configs, **kwargs)
_.sender  # Django signal receiver signature (tests/conftest.py)
_.using  # Django signal receiver signature (tests/conftest.py)
_.before_save_instance  # django-import-export resource hook (bench/import_exam_results.py)
_._class  # core.cache.RedisCache: the client factory class Django's RedisCache reads
_.import_id_fields  # django-import-export resource option (bench/import_exam_results.py)
_.get_error_message  # accounts.validators: Django's MinimumLengthValidator.validate() calls it

# --- DRF: SerializerMethodField (get_<field>) and field validators (validate_<field>) -----------
_.get_key  # accounts API token serializer: the key, shown once
_.get_result  # core API job serializer
_.get_supervising_authority  # organisations API serializer
_.get_supervision_reason  # organisations API serializer
_.get_overdue  # workforce API serializer
_.evidence_file_url  # incubation API milestone serializer: a SerializerMethodField
_.get_evidence_file_url  # incubation API milestone serializer
_.validate_district  # workforce compliance API query serializer
_.validate_organisation  # workforce compliance API query serializer

# --- Read by templates --------------------------------------------------------------------------
_.rendered_rows  # core.tables.RecordTable: core/partials/table.html loops over it (issue 13)
_.current_record  # core.tables: django-tables2's row context, read by its column templates
_.current_value  # core.tables: django-tables2's row context, read by its column templates
_.estimated  # core.views.generic: record_list.html says "about N" when the count is estimated
_.is_usable  # accounts/templates/accounts/token_list.html: token.is_usable
_.has_previous  # portal/register.html: result.has_previous (the public register pager)

# --- Read by name by data migrations (excluded from the scan) ---------------------------------
_.DEFAULTS  # */parameters.py: seeded by each app's 0002 migration
_.SEED_FROM  # assessment/parameters.py: valid_from of the seeded rows

# --- Declarative fields: a metaclass collects class attributes -------------------------------
_.optional  # core/tests/test_empty_choices.py: a form field read through form.fields
# Model fields (database columns; forms, serializers, tables and exports name them in lists).
_.updated_at  # core.BaseModel; also set before bulk_update in core.services and registry
_.weight_ability  # assessment.AssessmentForm weights …
_.weight_conduct
_.weight_performance
_.weight_moral
_.weight_quality
_.weight_level
_.score_ability  # assessment.ScoreSheet scores and the API's score serializer …
_.score_conduct
_.score_performance
_.score_moral
_.score_quality
_.score_level
_.decision_reasons  # assessment.Appeal
_.decided_at  # education, registry, workforce decisions
_.place  # education.CourseSession
_.appointed_on  # education.Supervisor (model and serializer)
_.registration_authority  # organisations.Organisation
_.is_pilot  # organisations.ServiceField
_.sanction_conditions  # registry.ConductCase
_.appeal_lodged_on  # registry.ConductCase
_.appeal_decided_on  # registry.ConductCase
_.served_people  # workforce.ServiceUnit
_.communities  # workforce.ServiceUnit
_.schools  # workforce.ServiceUnit
_.end_reason  # workforce.Employment
# Serializer, form, filter and table fields.
_.supervising_authority  # organisations API serializer
_.technician_total  # workforce pay API serializers …
_.employees
_.shortfall
_.password1  # accounts user creation form
_.password2
_.website  # portal complaint form: honeypot field, must stay empty
_.accept_code_of_conduct  # registry application form and serializer
_.signed_acceptance  # registry registration form
_.expires_within  # registry filterset
_.vacant  # workforce post filterset
_.id  # registry tables and certificate view: the row's id column
_.disabled  # people forms: Django reads field.disabled
_.by_id  # people filterset: method="by_id"

# --- Functions' parameters that are part of a key or a signature ------------------------------
_.mtime_ns  # registry.signing._load: lru_cache key, reloads the key file when it changes
_.inode

# --- Tests: settings overrides (pytest-django `settings`), fixtures asked for by name ------------
_.PASSWORD_HASHERS
_.MEDIA_ROOT
_.PUBLIC_REGISTER_RATE
_.broker_url  # tests/broker: Celery app configuration for the real worker
_._pool
_._producer_pool
_.small_limit  # fixture requested for its effect (assessment/tests/test_background.py)
_.ratio_three  # fixture requested for its effect (education/tests/test_supervision.py)
_.flushable_audit  # fixture requested for its effect (tests/broker, tests/browser)
_.transactional_db  # pytest-django fixture requested for its effect

# --- Kept although nothing calls them yet: documented API (review when touched) ---------------
_.has_feature  # core.models: documented in docs/architecture.md ("Features a model can have")
_.SOURCES  # core.checkpoints: documents the values of a checkpoint line's "source"

# --- Issue 10 and 11 mechanisms reached by name from settings, Django or libraries -------------
_.PermissionsPolicyMiddleware  # settings.MIDDLEWARE
_.NoStoreForSignedInMiddleware  # settings.MIDDLEWARE
_.NulCharacterMiddleware  # settings.MIDDLEWARE
_.SlidingSessionMiddleware  # settings.MIDDLEWARE
_.handler400  # urls: Django's error handlers, read by name
_.handler403
_.handler404
_.handler500
_.IntegerFieldIn  # core.lookups: registered as a lookup on IntegerField in core.apps
_.filterset_base  # core.api.filters: django-filter's DjangoFilterBackend attribute
_.field_class  # core.filtersets: django-filter's Filter.field_class
_.writerows  # core.spreadsheets: the csv.writer interface the safe writer keeps
_._min_row  # core.tabular: openpyxl ReadOnlyWorksheet attributes set by its _get_size
_._max_row
_._min_column
_._max_column
_._get_size  # core.tabular: openpyxl's ReadOnlyWorksheet._get_size, replaced (see there)
_.MARKER  # core.workflow: documents the marker the diagram command writes
_.handle_starttag  # html.parser.HTMLParser callbacks (core/tests/test_security_headers.py)
_.handle_data
_.handle_endtag
_.RED  # core/tests/test_imports_toolkit.py: a choices class the readers are tested with
_.DATA_UPLOAD_MAX_MEMORY_SIZE  # tests: settings overrides
_.small_imports  # fixture requested for its effect (core/tests/test_limits.py)
_.formula_organisation  # fixture requested for its effect (core/tests/test_spreadsheets.py)
_.id_number  # people/tests/test_private_channels.py: a parametrised argument
_.sortable  # fixture requested for its effect (people/tests/test_private_channels.py)
_.connection_kept  # fixture requested for its effect (tests/test_api_fuzz.py)
_.DATED_RULES  # <app>.parameters: read by the apps' data migrations (excluded from the scan)
_.july_from_2027  # fixture requested for its effect (education/tests/test_cpd_year.py)
# reports.pdf: ReportLab chart and legend attributes, read by ReportLab when it draws
_.x
_.categoryNames
_.fontName
_.fontSize
_.valueMin
_.fillColor
_.alignment
_.columnMaximum
_.deltax
_.colorNamePairs
_.label_from_instance  # reports.forms: Django's ModelChoiceField hook
_.statistics_world  # fixture requested for its effect (tests/browser/test_statistics.py)
_.requirement  # reports.figures.Figure: the requirement id each figure declares (GOV-1 …)
_.tags  # reports.figures.Figure: declared with each figure
_.page_not_found  # core.views.errors: handler404 in urls.py, named as a string
_.chinese  # fixture requested for its effect (core/tests/test_error_pages.py)
_.date_label  # core.workbench.Queue: shown by portal/templates/portal/workbench.html
_.render_model  # django-tables2 column hooks (render_<column>, value_<column>)
_.value_model
_.render_code
_.reference_data  # fixture requested for its effect (tests/browser)
_._get_schema_response  # core.api.docs: drf-spectacular's SpectacularAPIView hook (cached schema)
_.get_model_display  # core.display: the get_<field>_display convention, read by name
_.get_source_display
_.service_field  # funding.CatalogueItem: a model field, read by forms, filters and the API by name
_.transferred  # funding: a balance annotated by funding.queries, an API field
_.booked_from  # funding.filtersets: filters read by name from the query string
_.booked_until
_.sequence  # django-tables2 Meta option (funding.tables.BudgetLineTable)
_.help_texts  # Django ModelForm Meta option (procurement.forms)
_.minimum_grade  # procurement.Procurement: eligibility fields, shown on its page and in the API
_.minimum_credentialed_staff
_.proposed_supplier  # procurement.Procurement: the single source's supplier (page, API, demo)
_.outcome_targets  # procurement.Contract: model and form field (page, API, demo)
_.termination_reason  # procurement.Contract: model fields shown on its page and in the API
_.due_on
_.met_on
_.ends_on_before
_.can_start  # procurement/views/tendering.py: read by purchaseplan_detail.html
_.not_opened  # procurement.overdue: steps registered by @step, called through STEPS
_.not_evaluated
_.no_contract
_.single_source_not_awarded
_.challenge_not_answered
_.instalment_unpaid
_.OVERDUE_DEFAULTS  # procurement.parameters: read by migration 0007 (vulture skips migrations)
_.alert  # reports.money.Cell: read by templates/reports/money.html
_.member_credit_code  # inspections.forms.DisciplineForm: form fields, read by name
_.member_register_number
_.complainant  # inspections: model fields shown on the pages and in the API (private)
_.lead_inspector  # inspections.Inspection: the Access owner lookups, form and API fields
_.second_inspector
_.is_violation  # inspections.Finding: a model field (pages, API, templates)
_.closed_reason  # inspections.Case: a model field shown on its page and in the API
_.outcome_reason  # inspections.Appeal: a model field shown on its page and in the API
_.term  # inspections.tables.SanctionTable: a column and its render_ method (django-tables2)
_.render_term
_.now_in_force  # inspections.views.DecisionDetailView: read by the template
_.now_overdue
_.overdue_on  # audits.filtersets: a filter read by name from the query string
_.severity  # audits.Finding: a model field (pages, API, demo)
_.render_overdue  # django-tables2 column hooks (audits.tables.RequiredActionTable)
_.value_overdue
_.opened_on  # incubation.Base: a model field (page, API)
_.outcome_reason  # incubation.Occupancy: a model field (page, API)
_.render_applicant  # django-tables2 column hook (incubation.tables.ApplicationTable)
_.people_served  # oversight.StatisticsReturn: model, form and API fields read by name
_.activities
_.service_hours
_.lead_evaluator  # oversight.Visit: its owner (Access), form and API field
_.disclosed_to  # oversight.Visit: the supplier's Access lookup, set by the services
_.edition  # oversight.QualityStandard: the standards' version, on its pages and in the API
_.STANDARDS_SOURCE  # oversight.parameters: read by the seed migration 0002_seed
_.STANDARDS_EDITION
_.rating_cells  # oversight.queries.Row: read by the dashboard's template
_.drawn_met
_.formed_on  # procurement.Panel, PanelDraw, PanelMember, Challenge: fields shown on the pages
_.drawn_on
_.recused_on
_.answered_late  # procurement.Challenge: flagged on its page (template)
_.declared_on  # governance.DeclaredTie: model field (page, API, the date a tie counts from)
_.evidence_file  # grading.Claim: the self-assessment's evidence file (form, page)
_.change_reason  # grading.OrganisationGrade: the reason of a downgrade or revocation (page, API)
# Issue 15, the oversight dashboard's links: list filters read by name from the query string
_.buyer_area  # audits.filtersets.RequiredActionFilterSet, procurement.filtersets.ContractFilterSet
_.held_grade  # grading.filtersets.GradeFilterSet
_.visited_in  # oversight.filtersets.VisitFilterSet
_.first_of_year
_.lasting_months  # procurement.filtersets.ContractFilterSet
_._redoc_standalone  # core.api.docs.RedocView: drf-spectacular's hook for the bundle's address
