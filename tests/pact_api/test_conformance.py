"""Conformance of the PACT v3 host, after the official test cases (wbcsd/pact-conformance-test-service,
docs/v3-test-cases-expected-results.md: TC1–TC8, TC12–TC16, TC20–TC28), against the real server on a free
port, driven by httpx; every response body is validated against the v3 OpenAPI document's schema for it.

TC9–TC11 and TC17 (refusing plain HTTP) concern the deployment: the host listens on 127.0.0.1 behind a
TLS-terminating proxy (README), so they are not cases of this suite.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlmodel import Session, select

from pact_api import events as ev
from tests.pact_api.conftest import (
    CPC,
    CUSTOMER_ID,
    CUSTOMER_SECRET,
    OTHER_ID,
    OTHER_SECRET,
    Receiver,
    ServerThread,
    World,
    token_of,
)
from workflow.sharing import certificate_pf_id, create_grant, issue_token, revoke_grant
from workflow.sharing_tables import SharingGrant
from workflow.tables import AuditLog


def body_validator(api_schema: Callable, path: str, method: str, status: str) -> Any:
    """The validator of the response body the OpenAPI document gives for (path, method, status)."""
    from jsonschema import Draft202012Validator, FormatChecker

    api = api_schema.api  # type: ignore[attr-defined]
    response = api["paths"][path][method]["responses"][status]
    if "$ref" in response:
        response = api["components"]["schemas"][response["$ref"].rsplit("/", 1)[1]]
    schema = response["content"]["application/json"]["schema"]
    return Draft202012Validator({**schema, "components": api["components"]}, format_checker=FormatChecker())


def assert_valid(validator: Any, body: Any) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)]
    assert errors == []


@pytest.fixture
def auth(host: ServerThread) -> dict[str, str]:
    return {"authorization": f"Bearer {token_of(host.url)}"}


def ids(world: World, *codes: str) -> set[str]:
    return {certificate_pf_id(n) for c in codes for n in world.certificates[c]}


class TestAuthentication:
    def test_tc1_token_with_valid_credentials(self, host: ServerThread) -> None:
        r = httpx.post(
            f"{host.url}/auth/token",
            data={"grant_type": "client_credentials"},
            auth=(CUSTOMER_ID, CUSTOMER_SECRET),
        )
        assert r.status_code == 200
        body = r.json()
        assert (
            body["token_type"] == "bearer" and body["expires_in"] == 3600 and len(body["access_token"]) > 30
        )

    def test_tc1_credentials_in_the_form_body(self, host: ServerThread) -> None:
        r = httpx.post(
            f"{host.url}/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": CUSTOMER_ID,
                "client_secret": CUSTOMER_SECRET,
            },
        )
        assert r.status_code == 200 and r.json()["access_token"]

    @pytest.mark.parametrize(
        ("client", "secret"), [(CUSTOMER_ID, "wrong-secret-123"), ("nobody", "x" * 16), (CUSTOMER_ID, "")]
    )
    def test_tc2_token_with_invalid_credentials(self, host: ServerThread, client: str, secret: str) -> None:
        r = httpx.post(
            f"{host.url}/auth/token", data={"grant_type": "client_credentials"}, auth=(client, secret)
        )
        assert r.status_code == 401
        assert r.json()["error"] == "invalid_client" and "access_token" not in r.json()

    def test_only_client_credentials_grant(self, host: ServerThread) -> None:
        r = httpx.post(
            f"{host.url}/auth/token", data={"grant_type": "password"}, auth=(CUSTOMER_ID, CUSTOMER_SECRET)
        )
        assert (r.status_code, r.json()["error"]) == (400, "unsupported_grant_type")


class TestFootprints:
    def test_tc3_get_footprint(
        self, host: ServerThread, auth: dict, world: World, api_schema: Callable
    ) -> None:
        pf_id = certificate_pf_id(world.certificates["cell-b"][0])
        r = httpx.get(f"{host.url}/3/footprints/{pf_id}", headers=auth)
        assert r.status_code == 200
        assert_valid(body_validator(api_schema, "/3/footprints/{id}", "get", "200"), r.json())
        doc = r.json()["data"]
        assert (doc["id"], doc["status"]) == (pf_id, "Active")
        assert doc["pcf"]["verification"]["comments"] == f"certificate {world.certificates['cell-b'][0]}"
        assert doc["productClassifications"] == [CPC]

    def test_tc4_list_footprints(
        self, host: ServerThread, auth: dict, world: World, api_schema: Callable
    ) -> None:
        r = httpx.get(f"{host.url}/3/footprints", headers=auth)
        assert r.status_code == 200
        assert_valid(body_validator(api_schema, "/3/footprints", "get", "200"), r.json())
        docs = r.json()["data"]
        assert {d["id"] for d in docs} == ids(world, "cell-a", "cell-b")  # not cell-c, cell-d has none
        old, new = (certificate_pf_id(n) for n in world.certificates["cell-a"])
        status = {d["id"]: d["status"] for d in docs}
        assert (status[old], status[new]) == ("Deprecated", "Active")
        assert next(d for d in docs if d["id"] == new)["precedingPfIds"] == [old]
        assert "link" not in r.headers

    def test_tc5_pagination_link(
        self, host: ServerThread, auth: dict, world: World, api_schema: Callable
    ) -> None:
        url: str | None = f"{host.url}/3/footprints?limit=1"
        seen: list[str] = []
        while url:
            r = httpx.get(url, headers=auth)
            assert r.status_code == 200 and len(r.json()["data"]) <= 1
            assert_valid(body_validator(api_schema, "/3/footprints", "get", "200"), r.json())
            seen += [d["id"] for d in r.json()["data"]]
            link = r.headers.get("link")
            url = None
            if link:
                target = link.split(";")[0].strip("<> ")
                assert link.endswith('rel="next"') and target.startswith(f"http://127.0.0.1:{host.port}/")
                assert (
                    httpx.get(target, headers=auth).json() == httpx.get(target, headers=auth).json()
                )  # reusable
                url = target
        assert len(seen) == 3 and set(seen) == ids(world, "cell-a", "cell-b")

    def test_pagination_link_keeps_the_filters(self, host: ServerThread, auth: dict, world: World) -> None:
        r = httpx.get(f"{host.url}/3/footprints", params={"limit": 1, "status": "Active"}, headers=auth)
        assert "status=Active" in r.headers["link"]
        second = httpx.get(r.headers["link"].split(";")[0].strip("<> "), headers=auth).json()["data"]
        assert [d["status"] for d in second] == ["Active"]

    # a fixed unknown id: a random one in a test id differs between pytest-xdist workers
    @pytest.mark.parametrize("path", ["/3/footprints", "/3/footprints/6d3c1f4e-2b7a-4c1e-9a55-0f3e8b2d7c10"])
    def test_tc6_tc7_invalid_token(self, host: ServerThread, path: str, api_schema: Callable) -> None:
        for headers in ({"authorization": "Bearer invalid-access-token"}, {}):
            r = httpx.get(f"{host.url}{path}", headers=headers)
            assert r.status_code == 400 and r.json()["code"] == "BadRequest"
            assert_valid(body_validator(api_schema, "/3/footprints", "get", "400"), r.json())

    def test_tc8_unknown_footprint(self, host: ServerThread, auth: dict, api_schema: Callable) -> None:
        r = httpx.get(f"{host.url}/3/footprints/{uuid.uuid4()}", headers=auth)
        assert r.status_code == 404 and r.json()["code"] == "NotFound"
        assert_valid(body_validator(api_schema, "/3/footprints/{id}", "get", "404"), r.json())

    def test_a_footprint_shared_with_someone_else_is_forbidden(
        self, host: ServerThread, auth: dict, world: World, api_schema: Callable
    ) -> None:
        other = certificate_pf_id(world.certificates["cell-c"][0])
        assert (
            httpx.get(
                f"{host.url}/3/footprints/{other}",
                headers={"authorization": f"Bearer {token_of(host.url, OTHER_ID, OTHER_SECRET)}"},
            ).status_code
            == 200
        )
        r = httpx.get(f"{host.url}/3/footprints/{other}", headers=auth)
        assert r.status_code == 403 and r.json()["code"] == "AccessDenied"
        assert_valid(body_validator(api_schema, "/3/footprints/{id}", "get", "403"), r.json())


class TestFilters:
    """TC20–TC28, with the official cases' `$`-prefixed names and the spec's plain ones."""

    def listed(self, host: ServerThread, auth: dict, params: Any) -> set[str]:
        r = httpx.get(f"{host.url}/3/footprints", params=params, headers=auth)
        assert r.status_code == 200, r.text
        return {d["id"] for d in r.json()["data"]}

    def test_tc20_product_id(self, host: ServerThread, auth: dict, world: World) -> None:
        urn = "urn:pact:pcf-platform.org:product-id:cell-b"
        assert self.listed(host, auth, {"$productId": urn}) == ids(world, "cell-b")
        assert self.listed(host, auth, {"productid": urn.upper()}) == ids(world, "cell-b")  # case-insensitive
        both = [("productId", urn), ("productId", "urn:pact:pcf-platform.org:product-id:cell-a")]
        assert self.listed(host, auth, both) == ids(world, "cell-a", "cell-b")  # OR within a criterion

    def test_tc21_company_id(self, host: ServerThread, auth: dict, world: World) -> None:
        doc = httpx.get(f"{host.url}/3/footprints", headers=auth).json()["data"][0]
        assert self.listed(host, auth, {"$companyId": doc["companyIds"][0]}) == ids(world, "cell-a", "cell-b")
        assert self.listed(host, auth, {"companyId": "urn:pact:example.com:company-id:nobody"}) == set()

    def test_tc22_geography(self, host: ServerThread, auth: dict, world: World) -> None:
        everything = ids(world, "cell-a", "cell-b")
        assert self.listed(host, auth, {"$geography": "CN-JX"}) == everything
        assert self.listed(host, auth, {"geography": "cn"}) == everything  # inside the country
        assert self.listed(host, auth, {"geography": "DE"}) == set()

    def test_tc23_classification(self, host: ServerThread, auth: dict, world: World) -> None:
        assert self.listed(host, auth, {"$classification": CPC}) == ids(world, "cell-b")

    def test_tc24_to_tc26_validity(self, host: ServerThread, auth: dict, world: World) -> None:
        today = dt.date.today()
        everything = ids(world, "cell-a", "cell-b")
        assert self.listed(host, auth, {"$validOn": f"{today}T12:00:00Z"}) == everything
        assert (
            self.listed(host, auth, {"validOn": f"{today.replace(year=today.year + 3)}T00:00:00Z"}) == set()
        )
        assert (
            self.listed(host, auth, {"$validAfter": f"{today - dt.timedelta(days=1)}T00:00:00Z"})
            == everything
        )
        assert self.listed(host, auth, {"validAfter": f"{today}T00:00:00Z"}) == set()
        assert (
            self.listed(host, auth, {"$validBefore": f"{today.replace(year=today.year + 3)}T00:00:00Z"})
            == everything
        )
        assert self.listed(host, auth, {"validBefore": f"{today}T00:00:00Z"}) == set()

    def test_tc27_tc28_status(self, host: ServerThread, auth: dict, world: World) -> None:
        old, new = (certificate_pf_id(n) for n in world.certificates["cell-a"])
        active = {new} | ids(world, "cell-b")
        assert self.listed(host, auth, {"$status": "Active"}) == active
        assert self.listed(host, auth, {"status": "deprecated"}) == {old}
        urn = "urn:pact:pcf-platform.org:product-id:cell-a"
        assert self.listed(host, auth, {"$status": "Active", "$productId": urn}) == {
            new
        }  # AND between criteria

    @pytest.mark.parametrize(
        "params",
        [
            {"validOn": "yesterday"},
            {"status": "Gone"},
            {"limit": "-1"},
            {"limit": "ten"},
            {"validAfter": "2025-01-01"},
        ],
    )
    def test_bad_filters_are_bad_requests(
        self, host: ServerThread, auth: dict, params: dict, api_schema: Callable
    ) -> None:
        r = httpx.get(f"{host.url}/3/footprints", params=params, headers=auth)
        assert r.status_code == 400 and r.json()["code"] == "BadRequest"
        assert_valid(body_validator(api_schema, "/3/footprints", "get", "400"), r.json())


def cloud_event(kind: str, data: dict, source: str = "https://webhook.example.com") -> dict:
    return {
        "type": kind,
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": source,
        "time": "2025-03-05T17:31:00Z",
        "data": data,
    }


def post(host: ServerThread, auth: dict, body: Any) -> httpx.Response:
    return httpx.post(
        f"{host.url}/3/events",
        json=body,
        headers={**auth, "content-type": "application/cloudevents+json; charset=UTF-8"},
    )


class TestEvents:
    def test_tc12_request_is_fulfilled_asynchronously(
        self, host: ServerThread, auth: dict, world: World, receiver: Receiver, api_schema: Callable
    ) -> None:
        urn = "urn:pact:pcf-platform.org:product-id:cell-b"
        request = cloud_event(ev.REQUEST_CREATED, {"productId": [urn]}, source=receiver.url)
        assert_valid(api_schema("RequestCreatedEvent"), request)
        r = post(host, auth, request)
        assert (r.status_code, r.content) == (200, b"")
        answer = receiver.wait_for("RequestFulfilledEvent.3")
        assert_valid(api_schema("RequestFulfilledEvent"), answer)
        assert answer["data"]["requestEventId"] == request["id"]
        assert {d["id"] for d in answer["data"]["pfs"]} == ids(world, "cell-b")
        for doc in answer["data"]["pfs"]:
            assert_valid(api_schema("ProductFootprint"), doc)

    def test_tc12_official_shape_and_a_request_that_matches_nothing(
        self, host: ServerThread, auth: dict, receiver: Receiver, api_schema: Callable
    ) -> None:
        request = cloud_event(
            ev.REQUEST_CREATED,
            {
                "pf": {"productIds": ["urn:gtin:1234567890123"]},
                "comment": "Please send PCF data for this year.",
            },
            source=receiver.url,
        )
        assert post(host, auth, request).status_code == 200
        answer = receiver.wait_for("RequestRejectedEvent.3")
        assert_valid(api_schema("RequestRejectedEvent"), answer)
        assert answer["data"]["requestEventId"] == request["id"]
        assert answer["data"]["error"]["code"] == "NotFound"

    @pytest.mark.parametrize(
        ("kind", "data"),
        [
            (
                ev.REQUEST_FULFILLED,
                {"requestEventId": "test-run-id-12345", "pfs": [{"id": str(uuid.uuid4())}]},
            ),
            (
                ev.REQUEST_REJECTED,
                {
                    "requestEventId": "test-run-id-12345",
                    "error": {"code": "NotFound", "message": "The requested footprint could not be found."},
                },
            ),
            (ev.PUBLISHED, {"pfIds": [str(uuid.uuid4())]}),
        ],
        ids=["tc13-fulfilled", "tc14-rejected", "tc15-published"],
    )
    def test_tc13_to_tc15_incoming_events_are_accepted(
        self, host: ServerThread, auth: dict, kind: str, data: dict
    ) -> None:
        r = post(host, auth, cloud_event(kind, data))
        assert r.status_code == 200

    def test_tc16_events_with_invalid_token(self, host: ServerThread, api_schema: Callable) -> None:
        r = post(
            host,
            {"authorization": "Bearer invalid-access-token"},
            cloud_event(ev.PUBLISHED, {"pfIds": [str(uuid.uuid4())]}),
        )
        assert r.status_code == 400 and r.json()["code"] == "BadRequest"
        assert_valid(body_validator(api_schema, "/3/events", "post", "400"), r.json())

    @pytest.mark.parametrize(
        ("body", "why"),
        [
            ({"type": ev.PUBLISHED}, "specversion: required"),
            ({**cloud_event(ev.PUBLISHED, {}), "type": "org.example.Unknown"}, "type: expected one of"),
            (cloud_event(ev.PUBLISHED, {}), "data.pfIds"),
            ({**cloud_event(ev.PUBLISHED, {"pfIds": []}), "time": "noon"}, "time: expected an RFC 3339"),
            (
                cloud_event(ev.REQUEST_CREATED, {"productId": ["urn:x:y"]}, source="urn:no-address"),
                "no address",
            ),
            ("not an object", "JSON object"),
        ],
    )
    def test_invalid_events_are_bad_requests(
        self, host: ServerThread, auth: dict, body: Any, why: str
    ) -> None:
        r = post(host, auth, body)
        assert r.status_code == 400 and r.json()["code"] == "BadRequest" and why in r.json()["message"]

    def test_published_event_announces_each_footprint_once(
        self, world: World, receiver: Receiver, api_schema: Callable
    ) -> None:
        with Session(world.engine) as s:
            create_grant(
                world.people.ent_a,
                s,
                customer_name="客户三",
                product_ids=[world.products["cell-b"]],
                client_id="customer-three",
                client_secret="customer-three-secret",
                events_url=receiver.url,
            )
        assert ev.announce(world.engine, "//test/3/events") == 1
        published = receiver.wait_for("PublishedEvent.3")
        assert_valid(api_schema("PublishedEvent"), published)
        assert set(published["data"]["pfIds"]) == ids(world, "cell-b")
        assert ev.announce(world.engine, "//test/3/events") == 0  # nothing new to announce


class TestGrantLifecycle:
    def test_expired_token(self, host: ServerThread, world: World, api_schema: Callable) -> None:
        with Session(world.engine) as s:
            grant = s.get(SharingGrant, world.grant_id)
            stale = issue_token(s, grant, ttl_seconds=-1)
            s.commit()
        r = httpx.get(f"{host.url}/3/footprints", headers={"authorization": f"Bearer {stale}"})
        assert r.status_code == 401 and r.json()["code"] == "TokenExpired"
        assert_valid(body_validator(api_schema, "/3/footprints", "get", "401"), r.json())

    def test_revoked_grant_gets_no_token_and_no_data(self, host: ServerThread, world: World) -> None:
        with Session(world.engine) as s:
            grant, _ = create_grant(
                world.people.ent_a,
                s,
                customer_name="客户四",
                product_ids=[world.products["cell-b"]],
                client_id="customer-four",
                client_secret="customer-four-secret",
            )
        access = token_of(host.url, "customer-four", "customer-four-secret")
        assert (
            httpx.get(f"{host.url}/3/footprints", headers={"authorization": f"Bearer {access}"}).status_code
            == 200
        )
        with Session(world.engine) as s:
            revoke_grant(world.people.ent_a, s, grant_id=grant.id, reason="contract ended")
        r = httpx.get(f"{host.url}/3/footprints", headers={"authorization": f"Bearer {access}"})
        assert r.status_code == 403 and r.json()["code"] == "AccessDenied" and "data" not in r.json()
        t = httpx.post(
            f"{host.url}/auth/token",
            data={"grant_type": "client_credentials"},
            auth=("customer-four", "customer-four-secret"),
        )
        assert t.status_code == 401 and "revoked" in t.json()["error_description"]

    def test_expired_grant_gets_no_token_and_no_data(self, host: ServerThread, world: World) -> None:
        with Session(world.engine) as s:
            grant, _ = create_grant(
                world.people.ent_a,
                s,
                customer_name="客户五",
                product_ids=[world.products["cell-b"]],
                client_id="customer-five",
                client_secret="customer-five-secret",
            )
        access = token_of(host.url, "customer-five", "customer-five-secret")
        with Session(world.engine) as s:
            row = s.get(SharingGrant, grant.id)
            row.expires_on = dt.date.today() - dt.timedelta(days=1)
            s.add(row)
            s.commit()
        r = httpx.get(f"{host.url}/3/footprints", headers={"authorization": f"Bearer {access}"})
        assert r.status_code == 403 and r.json()["code"] == "AccessDenied"
        t = httpx.post(
            f"{host.url}/auth/token",
            data={"grant_type": "client_credentials"},
            auth=("customer-five", "customer-five-secret"),
        )
        assert t.status_code == 401 and "expired" in t.json()["error_description"]

    def test_every_access_is_in_the_audit_log(self, host: ServerThread, world: World) -> None:
        def actions() -> list[str]:
            with Session(world.engine) as s:
                return list(
                    s.exec(
                        select(AuditLog.action).where(AuditLog.actor == f"pact-client:{CUSTOMER_ID}")
                    ).all()
                )

        before = actions()
        headers = {"authorization": f"Bearer {token_of(host.url)}"}
        httpx.get(f"{host.url}/3/footprints", headers=headers)
        httpx.get(f"{host.url}/3/footprints/{uuid.uuid4()}", headers=headers)
        httpx.post(
            f"{host.url}/auth/token",
            data={"grant_type": "client_credentials"},
            auth=(CUSTOMER_ID, "bad-secret"),
        )
        assert actions()[len(before) :] == ["pact.token", "pact.list", "pact.get_refused", "pact.auth_failed"]
