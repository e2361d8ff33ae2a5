"""Entry point of the Streamlit app: language, account, and navigation over the pages in app_pages/.

Public pages are always there; the signed-in user's role adds its work page. Any error a page does not
handle itself is shown as a sentence in the user's language (`webapp.errors`), never as a traceback.
"""

import streamlit as st

from products.extensions import install_extensions
from webapp import auth, errors
from webapp.i18n import language_switch, t
from workflow import Role

install_extensions()  # the same declaration formats and report pages as the CLI
st.set_page_config(page_title="PCF · 产品碳足迹", page_icon=":material/eco:", layout="wide")
language_switch()
st.sidebar.markdown(f"**{t('app.title')}**  \n{t('app.subtitle')}")
auth.sidebar_account()

home = st.Page("app_pages/home.py", title=t("nav.home"), icon=":material/home:", default=True)
public = [
    home,
    st.Page(
        "app_pages/factor_library.py", title=t("nav.factors"), icon=":material/menu_book:", url_path="factors"
    ),
    st.Page("app_pages/verify.py", title=t("nav.verify"), icon=":material/verified:", url_path="verify"),
    st.Page("app_pages/account.py", title=t("wf.acc.title"), icon=":material/key:", url_path="account"),
]
declarations = st.Page(
    "app_pages/declarations.py",
    title=t("nav.declarations"),
    icon=":material/electric_car:",
    url_path="declarations",
)
impact = st.Page(
    "app_pages/impact.py", title=t("nav.impact"), icon=":material/compare_arrows:", url_path="impact"
)  # issue 16: a new factor release against every stored record
work = {  # each role's work pages; the first opens after sign-in
    Role.ENTERPRISE: [
        st.Page(
            "app_pages/products.py",
            title=t("nav.products"),
            icon=":material/battery_charging_full:",
            url_path="products",
        ),
        declarations,
        st.Page("app_pages/sharing.py", title=t("nav.sharing"), icon=":material/share:", url_path="sharing"),
    ],
    Role.CERTIFIER: [
        st.Page(
            "app_pages/review.py", title=t("nav.review"), icon=":material/fact_check:", url_path="review"
        ),
        declarations,
        impact,
    ],
    Role.STANDARDS: [
        st.Page(
            "app_pages/standards.py", title=t("nav.standards"), icon=":material/rule:", url_path="standards"
        ),
        impact,
    ],
    Role.ADMIN: [
        st.Page(
            "app_pages/admin.py",
            title=t("nav.admin"),
            icon=":material/admin_panel_settings:",
            url_path="admin",
        ),
        impact,
    ],
}
actor = auth.current_actor()
sections = {t("nav.public"): public}
if actor is not None and actor.role in work:
    sections = {t("nav.work"): work[actor.role], **sections}
page = st.navigation(sections)

goto = st.session_state.pop(auth.GOTO_KEY, None)
if goto == "role" and actor is not None and actor.role in work:
    st.switch_page(work[actor.role][0], query_params=auth.pending_params())
elif goto == "home":
    st.switch_page(home)

try:
    page.run()
except Exception as exc:  # the last net: a sentence, the traceback only in the server log
    errors.show(exc)
