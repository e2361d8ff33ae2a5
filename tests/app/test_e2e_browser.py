"""End to end in a real headless Chromium (Debian's `chromium`, driven by Playwright through its executable
path): the enterprise signs in, calculates the example LFP cell and submits it; the certifier signs in,
starts the review, approves and issues the certificate; the public page verifies the certificate number.
Then the MIIT traction-battery declaration: the enterprise declares the demo pack with the demo body as its
verification body and submits it; the certifier starts the verification and verifies it with a report
number; the enterprise declares it and the company view counts 1 of 5 typical packs.

The app runs as `streamlit run app.py` on a free port, on a temporary SQLite database made with
`pcf db init` and `pcf demo`. Screenshots of each step go to the test's temporary folder (or to
PCF_SCREENSHOT_DIR when set).
"""

from __future__ import annotations

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
TIMEOUT_MS = 30_000

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
    command = (
        [str(script)] if script.exists() else [sys.executable, "-c", "from pcf_cli import main; main()"]
    )
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


def test_enterprise_calculates_and_submits_certifier_issues_public_verifies_then_a_pack_is_declared(
    server: str, shots: Path
) -> None:
    from playwright.sync_api import Page, expect, sync_playwright

    def idle(page: Page) -> None:
        """Wait until Streamlit has finished the current run (its running indicator is gone)."""
        page.wait_for_timeout(250)
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT_MS
        )

    def shot(page: Page, name: str) -> None:
        idle(page)
        page.screenshot(path=str(shots / f"{name}.png"))

    def choose(page: Page, label: str, option: str) -> None:
        page.get_by_role("combobox", name=label, exact=True).click()
        page.get_by_role("option", name=re.compile(option)).first.click()
        idle(page)

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
        page = browser.new_page(viewport={"width": 1400, "height": 1600}, locale="zh-CN")
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(server, wait_until="domcontentloaded")
        expect(page.get_by_role("heading", name="江西产品碳足迹平台")).to_be_visible(timeout=60_000)
        shot(page, "01_home")

        # the enterprise signs in, calculates the example LFP cell and submits it
        sign_in(page, "demo-enterprise", "demo-enterprise-pass")
        expect(page.get_by_role("heading", name="我的产品")).to_be_visible()
        idle(page)
        choose(page, "产品", "磷酸铁锂电芯")
        page.get_by_role("button", name="计算").click()
        expect(page.get_by_text(re.compile(r"计算完成：94\.73 kg CO2e / 1 kWh 额定能量"))).to_be_visible()
        shot(page, "02_calculated")
        page.get_by_role("tab", name="认证", exact=True).click()
        page.get_by_role("button", name="提交认证").click()
        expect(page.get_by_text(re.compile(r"已提交认证申请 #\d+"))).to_be_visible()
        page.get_by_role("tab", name="认证", exact=True).click()
        expect(page.get_by_text("已提交，等待认证机构受理。")).to_be_visible()
        shot(page, "03_submitted")
        sign_out(page)

        # the certifier signs in, starts the review, approves and issues the certificate
        sign_in(page, "demo-certifier", "demo-certifier-pass")
        expect(page.get_by_role("heading", name="认证审核")).to_be_visible()
        idle(page)
        choose(page, "申请", "磷酸铁锂电芯")
        page.get_by_role("button", name="受理并开始审核").click()
        expect(page.get_by_text(re.compile(r"申请 #\d+ 已进入审核"))).to_be_visible()
        shot(page, "04_under_review")
        page.get_by_role("button", name="批准", exact=True).click()
        expect(page.get_by_text(re.compile("现在可以颁发证书"))).to_be_visible()
        page.get_by_role("button", name="颁发证书").click()
        issued = page.get_by_text(re.compile(r"证书 CFP-JX-\d{4}-\d{6} 已颁发"))
        expect(issued).to_be_visible()
        number = re.search(r"CFP-JX-\d{4}-\d{6}", issued.inner_text()).group(0)  # type: ignore[union-attr]
        shot(page, "05_issued")
        sign_out(page)

        # anyone verifies the certificate number on the public page
        page.get_by_role("link", name="证书查验").click()
        expect(page.get_by_role("heading", name="证书查验")).to_be_visible()
        page.get_by_label("证书编号").fill(number)
        page.get_by_role("button", name="查验").click()
        expect(page.get_by_text("证书有效。")).to_be_visible()
        expect(page.get_by_text("94.73 kg CO2e")).to_be_visible()
        shot(page, "06_verified")

        # the enterprise declares the demo pack (MIIT) with the demo certification body and submits it
        page.get_by_role("link", name="首页").click()
        sign_in(page, "demo-enterprise", "demo-enterprise-pass")
        expect(page.get_by_role("heading", name="我的产品")).to_be_visible()
        idle(page)
        page.get_by_role("link", name="动力电池碳足迹申报").click()
        expect(page.get_by_role("heading", name="动力电池碳足迹申报")).to_be_visible()
        expect(page.get_by_text("已申报 0 / 5 典型电池包")).to_be_visible()
        idle(page)
        page.get_by_role("button", name="创建申报").click()
        expect(page.get_by_text(re.compile(r"已创建 lfp-pack-60kwh 的申报 #\d+"))).to_be_visible()
        expect(page.get_by_text("材料获取").first).to_be_visible()
        shot(page, "07_declaration_draft")
        page.get_by_role("button", name="提交第三方核查").click()
        expect(page.get_by_text(re.compile(r"申报 #\d+ 已提交核查。"))).to_be_visible()
        sign_out(page)

        # the certifier, as the third-party verification body, starts and verifies with a report number
        sign_in(page, "demo-certifier", "demo-certifier-pass")
        expect(page.get_by_role("heading", name="认证审核")).to_be_visible()
        idle(page)
        page.get_by_role("link", name="动力电池碳足迹申报").click()
        expect(page.get_by_role("heading", name="动力电池碳足迹申报")).to_be_visible()
        idle(page)
        page.get_by_role("button", name="受理并开始核查").click()
        expect(page.get_by_text(re.compile(r"申报 #\d+ 已进入核查。"))).to_be_visible()
        idle(page)
        page.get_by_label("核查报告编号").fill("VR-JX-2026-0001")
        shot(page, "08_declaration_under_verification")
        page.get_by_role("button", name="核查通过并出具报告").click()
        expect(page.get_by_text(re.compile(r"已核查通过，报告编号 VR-JX-2026-0001"))).to_be_visible()
        shot(page, "09_declaration_verified")
        sign_out(page)

        # the enterprise sees it verified, declares it, and the company view counts 1 of 5
        sign_in(page, "demo-enterprise", "demo-enterprise-pass")
        expect(page.get_by_role("heading", name="我的产品")).to_be_visible()
        idle(page)
        page.get_by_role("link", name="动力电池碳足迹申报").click()
        expect(page.get_by_text("已通过第三方核查，现在可以正式申报。")).to_be_visible()
        idle(page)
        page.get_by_role("button", name="正式申报").click()
        expect(page.get_by_text(re.compile(r"申报 #\d+ 已正式申报。"))).to_be_visible()
        expect(page.get_by_text("已申报 1 / 5 典型电池包")).to_be_visible()
        shot(page, "10_declared")
        browser.close()
    assert len(list(shots.glob("*.png"))) == 10
