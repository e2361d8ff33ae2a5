"""End to end in a real headless Chromium (Debian's `chromium`, driven by Playwright through its executable
path): the administrator onboards a new enterprise and invites its user, who sets a password from the
one-time link and signs in (a page refresh keeps each user signed in); the enterprise creates a battery
cell from the battery-cell rule and fills it in the editor without YAML (reference flow, rated energy, an
anode amount drawn from its supply process, electricity with their sources), but picks the provincial grid
factor (combustion CO2 only) and the AR5 set, and saves it as version 1: the rule finds three errors and
submitting is refused; the enterprise corrects the electricity in the editor (the life-cycle factor),
attaches a bill of materials as evidence, justifies the two AR5 errors and submits; the certifier starts
the review, downloads the evidence, is refused approval while the justified errors are open and asks for
changes; the enterprise reads the request, switches to AR6 (version 2) and resubmits; the certifier sees
the errors corrected, closes them, approves and issues the certificate; the enterprise downloads the
carbon label, whose QR link is the configured public base URL (PCF_PUBLIC_URL); that link opens the public
page, which confirms the certificate; the certifier suspends the certificate and the public page shows it
suspended, with the reason. (The MIIT declaration path is covered by tests/app/test_declarations.py.)

The app runs as `streamlit run app.py` on a free port, on a temporary SQLite database made with
`pcf db init` and `pcf demo`. Screenshots of each step go to the test's temporary folder (or to
PCF_SCREENSHOT_DIR when set).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 60_000  # the machine may be loaded
COMPANY = "宜春试点电池有限公司"
USER = "pilot-user"
PASSWORD = "pilot-password-2026"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does)",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pcf(*args: str, env: dict[str, str]) -> None:
    script = Path(sys.executable).with_name("pcf")
    command = [str(script)] if script.exists() else [sys.executable, "-c", "from pcf_cli import main; main()"]
    done = subprocess.run([*command, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"pcf {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run app.py` on a free port with a fresh demo database; yields its URL."""
    folder = tmp_path_factory.mktemp("e2e")
    port = _free_port()
    env = {
        **os.environ,
        "PCF_DATABASE_URL": f"sqlite:///{folder / 'pcf.db'}",
        "PCF_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    _pcf("db", "init", env=env)
    _pcf("demo", env=env)
    log = (folder / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{(folder / 'streamlit.log').read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # Streamlit takes 2–3 s to exit after SIGTERM
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        log.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("PCF_SCREENSHOT_DIR") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_enterprise_builds_a_cell_without_yaml_certifier_issues_label_qr_verifies(
    server: str, shots: Path
) -> None:
    from playwright.sync_api import Page, expect, sync_playwright
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    def idle(page: Page) -> None:
        """Wait until Streamlit has finished the current run: the app says its script is not running."""
        page.wait_for_timeout(300)
        page.wait_for_function(
            """() => {
                const app = document.querySelector('[data-testid="stApp"]');
                return app && app.getAttribute('data-test-script-state') === 'notRunning'
                    && !document.querySelector('[data-testid="stStatusWidget"]');
            }""",
            timeout=3 * TIMEOUT_MS,
        )

    def shot(page: Page, name: str) -> None:
        idle(page)
        page.screenshot(path=str(shots / f"{name}.png"))

    def choose(page: Page, label: str, option: str) -> None:
        """Pick the option containing `option` in the select box `label`, typing it to narrow the list (a
        list at the foot of a page may not open on a click alone); a pick a rerun swallowed is made again."""
        box = page.get_by_role("combobox", name=label, exact=True)
        wanted = page.get_by_role("option", name=re.compile(re.escape(option))).first
        for _ in range(3):
            box.scroll_into_view_if_needed()
            box.click()
            page.keyboard.type(option)
            try:
                wanted.wait_for(state="visible", timeout=TIMEOUT_MS // 4)
                wanted.click(timeout=TIMEOUT_MS // 4)
            except PlaywrightTimeout:
                page.keyboard.press("Escape")
                idle(page)
                continue
            idle(page)
            if option in box.input_value():
                return
        raise AssertionError(f"the select box {label!r} did not take {option!r}")

    def fill(page: Page, role: str, name: str, value: str, nth: int = 0) -> None:
        """Type into the `nth` field called `name` and commit it (Enter), then wait for the rerun.

        A rerun may replace the field while it is typed into; then it is typed into again."""
        for _ in range(3):
            field = page.get_by_role(role, name=name, exact=True).nth(nth)  # type: ignore[arg-type]
            field.fill(value)
            field.press("Enter")
            idle(page)
            if page.get_by_role(role, name=name, exact=True).nth(nth).input_value() == value:  # type: ignore[arg-type]
                return
        raise AssertionError(f"the field {name!r} did not keep {value!r}")

    def write(page: Page, name: str, value: str, nth: int = 0) -> None:
        """Type into the `nth` text area called `name` and commit it (Ctrl+Enter), then wait for the rerun."""
        for _ in range(3):
            area = page.get_by_role("textbox", name=name, exact=True).nth(nth)
            area.fill(value)
            area.press("Control+Enter")
            idle(page)
            if page.get_by_role("textbox", name=name, exact=True).nth(nth).input_value() == value:
                return
        raise AssertionError(f"the text area {name!r} did not keep {value!r}")

    def pick_factor(page: Page, search: str, shows: str) -> None:
        """In the editor's first factor row (the cell's electricity), search the library and use the one hit;
        done when the row's caption `shows` the factor (a click a rerun swallowed is made again)."""
        caption = page.locator("[data-testid=stCaptionContainer]").filter(has_text=re.compile(shows))
        for _ in range(3):
            page.get_by_role("button", name="选择因子").first.click()
            body = page.locator("[data-testid=stPopoverBody]")
            field = body.get_by_role("textbox", name="搜索因子（中文或英文名称）", exact=True)
            field.fill(search)
            field.press("Enter")
            idle(page)
            body.get_by_role("button", name="选用", exact=True).first.click()
            idle(page)
            try:
                caption.first.wait_for(state="visible", timeout=TIMEOUT_MS // 4)
                return
            except PlaywrightTimeout:
                page.keyboard.press("Escape")
                idle(page)
        raise AssertionError(f"the factor found by {search!r} was not taken")

    def sign_in(page: Page, username: str, password: str) -> None:
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码", exact=True).fill(password)
        page.get_by_role("button", name="登录", exact=True).click()

    def sign_out(page: Page) -> None:
        page.get_by_role("button", name="退出登录").click()
        expect(page.get_by_role("heading", name="登录", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
        idle(page)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(
            viewport={"width": 1400, "height": 1600}, locale="zh-CN", accept_downloads=True
        )
        page.set_default_timeout(TIMEOUT_MS)
        expect.set_options(timeout=TIMEOUT_MS)
        try:
            page.goto(server, wait_until="domcontentloaded")
            expect(page.get_by_role("heading", name="江西产品碳足迹平台")).to_be_visible(timeout=60_000)
            shot(page, "01_home")

            # the administrator onboards a new enterprise and invites its user
            sign_in(page, "demo-admin", "demo-admin-pass")
            expect(page.get_by_role("heading", name="平台管理")).to_be_visible()
            idle(page)
            choose(page, "机构类型", "企业")
            page.get_by_role("textbox", name="中文名称", exact=True).fill(COMPANY)
            page.get_by_role("button", name="创建机构").click()
            expect(page.get_by_text(f"已创建机构“{COMPANY}”。")).to_be_visible()
            idle(page)
            choose(page, "所属机构", COMPANY)
            page.get_by_role("textbox", name="用户名", exact=True).fill(USER)
            page.get_by_role("textbox", name="显示名称", exact=True).fill("试点企业填报员")
            page.get_by_role("button", name="生成邀请链接").click()
            expect(page.get_by_text(re.compile("邀请链接（仅显示一次"))).to_be_visible()
            idle(page)
            invitation = re.search(
                r"\S+/account\?invite=\S+", page.locator("[data-testid=stCode]").inner_text()
            )
            assert invitation and invitation.group(0).startswith(f"{server}/account?invite=")
            shot(page, "01a_admin_onboards")
            sign_out(page)

            # the invited user sets a password from the one-time link and signs in
            page.goto(invitation.group(0), wait_until="domcontentloaded")
            expect(page.get_by_text("接受邀请并设置密码")).to_be_visible(timeout=60_000)
            idle(page)
            page.get_by_label("新密码（至少 10 个字符）", exact=True).fill(PASSWORD)
            page.get_by_label("再次输入新密码", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="修改密码").click()
            expect(page.get_by_text("密码已设置，请登录。")).to_be_visible()
            shot(page, "01b_password_set")
            page.goto(server, wait_until="domcontentloaded")
            expect(page.get_by_role("heading", name="江西产品碳足迹平台")).to_be_visible(timeout=60_000)
            idle(page)

            # the enterprise creates a product from the battery-cell rule and fills it in the editor, no YAML
            sign_in(page, USER, PASSWORD)
            expect(page.get_by_role("heading", name="我的产品")).to_be_visible()
            idle(page)
            page.reload(wait_until="domcontentloaded")  # a refresh keeps the user signed in
            expect(page.get_by_role("heading", name="我的产品")).to_be_visible(timeout=60_000)
            idle(page)
            shot(page, "01c_refresh_keeps_enterprise_signed_in")
            if not page.get_by_role("combobox", name="产品种类规则（PCR）", exact=True).is_visible():
                page.locator("summary", has_text="按产品种类规则新建产品").click()  # open for a first product
                idle(page)
            choose(page, "产品种类规则（PCR）", "锂离子电池电芯")
            fill(page, "textbox", "产品编号（字母、数字、. _ -）", "cell-e2e")
            fill(page, "textbox", "产品名称（中文）", "试点电芯")
            page.get_by_role("button", name="新建产品并计算").click()
            expect(page.get_by_text("产品 cell-e2e 已建立；请在下方按规则填写模型并保存。")).to_be_visible()
            expect(page.get_by_role("heading", name="模型编辑（无需 YAML）")).to_be_visible()
            idle(page)
            shot(page, "02_editor_from_rule")
            fill(page, "spinbutton", "每功能单位的产品数量", "4")
            fill(page, "textbox", "单体额定能量", "0.25 kWh")
            fill(page, "spinbutton", "数量", "0.2", nth=1)  # anode active material, from its supply process
            fill(page, "textbox", "数据来源（证据）", "BOM 2026-01, line 2", nth=1)
            fill(page, "spinbutton", "数量", "10", nth=7)  # electricity (kWh)
            fill(page, "textbox", "数据来源（证据）", "meter readings 2025", nth=7)
            # two slips the rule refuses: the provincial grid factor (combustion CO2 only) and AR5
            pick_factor(page, "江西电力 2023", r"· CN-JX · 2023 · 出处")
            choose(page, "GWP 数据集", "AR5")
            expect(page.get_by_text("模型完整有效，可以保存为新版本。")).to_be_visible()
            shot(page, "03_editor_filled")
            page.get_by_role("button", name="保存为新版本并计算").click()
            expect(
                page.get_by_text(re.compile(r"已保存为第 1 版：\d+(\.\d+)? kg CO2e / 1 kWh 额定能量"))
            ).to_be_visible()
            shot(page, "04_saved_version_1")

            # the rule's errors are open: submitting is refused until they are corrected or justified
            page.get_by_role("tab", name="完整性检查", exact=True).click()
            idle(page)
            expect(page.get_by_text(re.compile(r"错误 3 · 警告"))).to_be_visible()
            shot(page, "04b_rule_errors")
            page.get_by_role("tab", name="认证", exact=True).click()
            idle(page)
            expect(page.get_by_text("产品种类规则检查发现 3 项错误", exact=False)).to_be_visible()
            page.get_by_role("button", name="提交认证").click()
            expect(
                page.get_by_text(re.compile("产品种类规则检查发现 3 项错误，尚未修正或说明理由"))
            ).to_be_visible()
            expect(page.get_by_text(re.compile(r"已提交认证申请"))).not_to_be_visible()
            shot(page, "04c_submit_refused")

            # the enterprise corrects the electricity in the editor (the life-cycle factor); the draft
            # version 1 is saved again (a version is frozen only when submitted)
            page.get_by_role("tab", name="输入", exact=True).click()
            idle(page)
            pick_factor(page, "全国电力平均碳足迹 2024", r"· CN · 2024 · 出处")
            page.get_by_role("button", name="保存为新版本并计算").click()
            expect(page.get_by_text(re.compile(r"已保存为第 1 版："))).to_be_visible()
            shot(page, "04d_electricity_corrected")
            page.get_by_role("tab", name="输入", exact=True).click()
            idle(page)
            bom = (
                shots.parent / "bom.csv"
                if os.environ.get("PCF_SCREENSHOT_DIR") is None
                else shots / "bom.csv"
            )
            bom.write_text("component,kg\nanode,0.2\n", encoding="utf-8")
            page.locator("input[type=file]").first.set_input_files(str(bom))
            idle(page)
            page.get_by_role("button", name="附加文件").click()
            expect(page.get_by_text(re.compile(r"已附加 bom\.csv（整个模型版本）"))).to_be_visible()
            shot(page, "04a_evidence_attached")
            page.get_by_role("tab", name="完整性检查", exact=True).click()
            idle(page)
            shot(page, "05_rule_findings")
            page.get_by_role("tab", name="认证", exact=True).click()
            idle(page)
            # the AR5 errors are kept, with a justification each, for the certifier to judge
            expect(page.get_by_text("产品种类规则检查发现 2 项错误", exact=False)).to_be_visible()
            write(page, "理由说明（可选）", "出口客户要求按 IPCC AR5 报告；AR6 结果见附件。", nth=0)
            write(page, "理由说明（可选）", "石墨因子按 AR6 表征，差异不足 1%。", nth=1)
            shot(page, "05a_errors_justified")
            page.get_by_role("button", name="提交认证").click()
            expect(page.get_by_text(re.compile(r"已提交认证申请 #\d+"))).to_be_visible()
            shot(page, "06_submitted")
            sign_out(page)

            # the certifier starts the review, approves and issues the certificate
            sign_in(page, "demo-certifier", "demo-certifier-pass")
            expect(page.get_by_role("heading", name="认证审核")).to_be_visible()
            idle(page)
            page.reload(wait_until="domcontentloaded")  # a refresh keeps the certifier signed in too
            expect(page.get_by_role("heading", name="认证审核")).to_be_visible(timeout=60_000)
            idle(page)
            choose(page, "申请", "试点电芯")
            page.get_by_role("button", name="受理并开始审核").click()
            expect(page.get_by_text(re.compile(r"申请 #\d+ 已进入审核"))).to_be_visible()
            shot(page, "07_under_review")
            ready = page.get_by_role("button", name="bom.csv", exact=True)
            for _ in range(
                3
            ):  # the file is fetched on request; the rerun that follows shows the first tab again
                page.get_by_role("tab", name="模型与证据", exact=True).first.click()
                idle(page)
                if ready.is_visible():
                    break
                page.get_by_role("button", name="下载 · bom.csv").click()
                idle(page)
            with page.expect_download() as proof:
                page.get_by_role("button", name="bom.csv", exact=True).click()
            assert Path(proof.value.path()).read_text(encoding="utf-8").startswith("component,kg")
            shot(page, "07a_certifier_downloads_evidence")

            # approval is refused while the justified errors are open; the certifier asks for changes
            page.get_by_role("button", name="批准", exact=True).click()
            expect(page.get_by_text(re.compile("仍有未关闭的审核意见"))).to_be_visible()
            expect(page.get_by_text(re.compile("现在可以颁发证书"))).not_to_be_visible()
            shot(page, "07b_approval_refused")
            request = "规则只接受 IPCC AR6：请改用 AR6 重新计算后重新提交。"
            fill(page, "textbox", "修改要求说明（必填）", request)
            page.get_by_role("button", name="要求修改", exact=True).click()
            expect(page.get_by_text(re.compile(r"已将申请 #\d+ 退回企业修改"))).to_be_visible()
            shot(page, "07c_changes_requested")
            sign_out(page)

            # the enterprise reads the request, corrects the GWP set (version 2) and resubmits
            sign_in(page, USER, PASSWORD)
            expect(page.get_by_role("heading", name="我的产品")).to_be_visible()
            idle(page)
            choose(page, "产品", "cell-e2e")
            page.get_by_role("tab", name="认证", exact=True).click()
            idle(page)
            expect(page.get_by_text(f"认证机构的修改要求：{request}")).to_be_visible()
            shot(page, "07d_enterprise_reads_the_request")
            page.get_by_role("tab", name="输入", exact=True).click()
            idle(page)
            choose(page, "GWP 数据集", "AR6")
            page.get_by_role("button", name="保存为新版本并计算").click()
            expect(page.get_by_text(re.compile(r"已保存为第 2 版："))).to_be_visible()
            idle(page)
            page.get_by_role("tab", name="认证", exact=True).click()
            idle(page)
            expect(page.get_by_text(re.compile("产品种类规则检查：没有错误"))).to_be_visible()
            page.get_by_role("button", name="重新提交", exact=True).click()
            expect(page.get_by_text("已重新提交。")).to_be_visible()
            shot(page, "07e_resubmitted_version_2")
            sign_out(page)

            # the certifier sees the errors corrected, closes the findings, approves and issues
            sign_in(page, "demo-certifier", "demo-certifier-pass")
            expect(page.get_by_role("heading", name="认证审核")).to_be_visible()
            idle(page)
            choose(page, "申请", "试点电芯")
            page.get_by_role("button", name="受理并开始审核").click()
            expect(page.get_by_text(re.compile(r"申请 #\d+ 已进入审核"))).to_be_visible()
            idle(page)
            expect(page.get_by_text("最新提交的版本已改正此错误", exact=False).first).to_be_visible()
            close = page.get_by_role("button", name="确认已改正并关闭")
            for _ in range(6):  # one button per finding; a click may meet a button its rerun removes
                if close.count() == 0:
                    break
                with contextlib.suppress(PlaywrightTimeout):
                    close.first.click(timeout=TIMEOUT_MS // 4)
                idle(page)
            expect(close).to_have_count(0)
            shot(page, "07f_corrections_confirmed")
            page.get_by_role("button", name="批准", exact=True).click()
            expect(page.get_by_text(re.compile("现在可以颁发证书"))).to_be_visible()
            page.get_by_role("button", name="颁发证书").click()
            issued = page.get_by_text(re.compile(r"证书 CFP-JX-\d{4}-\d{6} 已颁发"))
            expect(issued).to_be_visible()
            number = re.search(r"CFP-JX-\d{4}-\d{6}", issued.inner_text()).group(0)  # type: ignore[union-attr]
            shot(page, "08_issued")
            sign_out(page)

            # the enterprise downloads its carbon label: its QR link is the configured public verification page
            sign_in(page, USER, PASSWORD)
            expect(page.get_by_role("heading", name="我的产品")).to_be_visible()
            idle(page)
            choose(page, "产品", "cell-e2e")
            page.get_by_role("tab", name="认证", exact=True).click()
            idle(page)
            with page.expect_download() as download:
                page.get_by_role("button", name="下载碳标识（SVG）").last.click()
            label = Path(download.value.path()).read_text(encoding="utf-8")
            link = f"{server}/verify?number={number}"
            assert link in label and "localhost" not in label
            shot(page, "09_certificate_and_label")
            sign_out(page)

            # the QR link opens the public verification page, which confirms the certificate
            page.goto(link, wait_until="domcontentloaded")
            expect(page.get_by_role("heading", name="证书查验")).to_be_visible(timeout=60_000)
            idle(page)
            if not page.get_by_text("证书有效。").is_visible():  # the number in the link may wait for a click
                page.get_by_label("证书编号").fill(number)
                page.get_by_role("button", name="查验").click()
            expect(page.get_by_text("证书有效。")).to_be_visible()
            expect(page.get_by_text("试点电芯").first).to_be_visible()
            shot(page, "10_verified_from_qr")

            # the certifier suspends the certificate; the public page shows it suspended, with the reason
            page.goto(server, wait_until="domcontentloaded")
            expect(page.get_by_role("heading", name="江西产品碳足迹平台")).to_be_visible(timeout=60_000)
            idle(page)
            sign_in(page, "demo-certifier", "demo-certifier-pass")
            expect(page.get_by_role("heading", name="认证审核")).to_be_visible()
            idle(page)
            choose(page, "选择证书", number)
            fill(page, "textbox", "原因", "监督抽查：电表读数待核实")
            page.get_by_role("button", name="暂停", exact=True).click()
            expect(page.get_by_text(f"证书 {number} 现为“暂停”。")).to_be_visible()
            shot(page, "11_suspended")
            sign_out(page)
            page.goto(link, wait_until="domcontentloaded")
            expect(page.get_by_role("heading", name="证书查验")).to_be_visible(timeout=60_000)
            idle(page)
            if not page.get_by_text("原因：监督抽查：电表读数待核实").is_visible():
                page.get_by_label("证书编号").fill(number)
                page.get_by_role("button", name="查验").click()
            expect(page.get_by_text("原因：监督抽查：电表读数待核实")).to_be_visible()
            expect(page.get_by_text("证书有效。")).not_to_be_visible()
            shot(page, "12_public_page_shows_suspended")
        except Exception:
            page.screenshot(
                path=str(shots / "failure.png"), full_page=True
            )  # what the user saw when it broke
            raise
        finally:
            browser.close()
    assert len(list(shots.glob("*.png"))) == 26
