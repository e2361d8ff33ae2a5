"""Entry point of the Streamlit app: navigation over the pages in app_pages/ (no logic here)."""

import streamlit as st

from webapp.i18n import language_switch, t

st.set_page_config(page_title="PCF · 产品碳足迹", page_icon="🌿", layout="wide")
language_switch()
st.sidebar.markdown(f"**{t('app.title')}**  \n{t('app.subtitle')}")

pages = [
    st.Page("app_pages/factor_library.py", title=t("nav.factors"), url_path="factors"),
]
st.navigation(pages).run()
