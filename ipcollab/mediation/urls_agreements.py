"""Pages of agreements, judicial confirmation and the parties' own view (included by urls.py)."""

from django.urls import path

from . import views_agreements as v
from . import views_party as p

urlpatterns = [
    path("<int:pk>/agreements/", v.agreements, name="agreements"),
    path("<int:pk>/agreements/new/", v.agreement_new, name="agreement_new"),
    path("agreements/<int:pk>/edit/", v.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/terms/", v.agreement_term_add, name="agreement_term_add"),
    path("agreements/<int:pk>/terms/<int:term>/delete/", v.agreement_term_delete, name="agreement_term_delete"),
    path("agreements/<int:pk>/circulate/", v.agreement_circulate, name="agreement_circulate"),
    path("agreements/<int:pk>/paper/", v.agreement_paper, name="agreement_paper"),
    path("agreements/<int:pk>/pdf/", v.agreement_pdf, name="agreement_pdf"),
    path("agreements/<int:pk>/apply/", v.confirmation_apply, name="confirmation_apply"),
    path("parties/<int:pk>/invite/", v.party_invite, name="party_invite"),
    path("invitations/<int:pk>/revoke/", v.invitation_revoke, name="invitation_revoke"),
    path("confirmations/", v.confirmation_queue, name="confirmation_queue"),
    path("confirmations/<int:pk>/", v.confirmation_detail, name="confirmation_detail"),
    path("confirmations/<int:pk>/<str:action>/", v.confirmation_action, name="confirmation_action"),
    path("pilots/", v.pilots, name="pilots"),
    path("pilots/<int:pk>/end/", v.pilot_end, name="pilot_end"),
    path("terms/", v.terms_to_record, name="terms_to_record"),
    path("terms/<int:pk>/record/", v.term_record, name="term_record"),
    # the parties
    path("join/<str:token>/", p.invitation_accept, name="invitation_accept"),
    path("my/", p.party_home, name="party_home"),
    path("my/<int:pk>/", p.party_matter, name="party_matter"),
    path("my/<int:pk>/agreements/<int:agreement>/confirm/", p.party_confirm, name="party_confirm"),
    path("my/<int:pk>/agreements/<int:agreement>/apply/", p.party_apply, name="party_apply"),
    path("my/<int:pk>/documents/<int:document>/", p.party_document, name="party_document"),
]
