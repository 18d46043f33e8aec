#!/usr/bin/env python3
"""A caller's journey through the Backend platform, from a Python client generated from protos/.

Signs up, signs in, places an order, watches it, pays, refunds, and reads the google.rpc.Status
details of two refused calls; every answer is checked. Exits non-zero at the first surprise.

    clients/python/generate.sh GOOGLEAPIS_DIR
    python3 clients/python/journey.py --target 127.0.0.1:5000 --admin-email ... --admin-password ...
"""

import argparse
import os
import sys
import threading
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "generated"))

import grpc  # noqa: E402
from backend.orders.v1 import order_pb2, order_service_pb2, order_service_pb2_grpc  # noqa: E402
from backend.payments.v1 import payment_pb2, payment_service_pb2, payment_service_pb2_grpc  # noqa: E402
from backend.type.v1 import money_pb2  # noqa: E402
from backend.users.v1 import user_pb2, user_service_pb2, user_service_pb2_grpc  # noqa: E402
from google.rpc import error_details_pb2, status_pb2  # noqa: E402

# Generous: the machine running this may be busy; nothing here measures speed.
WAIT_SECONDS = 120

checks = 0


def check(condition, what):
    global checks
    if not condition:
        raise AssertionError(what)
    checks += 1
    print(f"ok - {what}")


def status_details(error):
    """The google.rpc.Status a refused call carries in its grpc-status-details-bin trailer."""
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            return status_pb2.Status.FromString(value)
    raise AssertionError(f"{error.code()} carries no google.rpc.Status: {error.details()}")


def detail(status, message_type):
    for any_detail in status.details:
        if any_detail.Is(message_type.DESCRIPTOR):
            unpacked = message_type()
            any_detail.Unpack(unpacked)
            return unpacked
    raise AssertionError(f"no {message_type.DESCRIPTOR.full_name} among the details")


def refused(call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except grpc.RpcError as error:
        return error
    raise AssertionError("the call was expected to be refused")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="127.0.0.1:5000", help="host:port of the platform (h2c)")
    parser.add_argument("--admin-email", default="admin@example.com", help="an admin, who lists the prices")
    parser.add_argument("--admin-password", default="change me, please")
    arguments = parser.parse_args()
    target = arguments.target

    with grpc.insecure_channel(target) as channel:
        users = user_service_pb2_grpc.UserServiceStub(channel)
        orders = order_service_pb2_grpc.OrderServiceStub(channel)
        payments = payment_service_pb2_grpc.PaymentServiceStub(channel)

        # An admin lists the price that customers pay.
        admin = users.Authenticate(user_service_pb2.AuthenticateRequest(
            email=arguments.admin_email, password=arguments.admin_password), timeout=WAIT_SECONDS)
        listed = orders.SetPrice(order_service_pb2.SetPriceRequest(
            sku="book-42", unit_price=money_pb2.Money(currency_code="EUR", units=12, nanos=500000000)),
            metadata=[("authorization", f"Bearer {admin.access_token}")], timeout=WAIT_SECONDS).price
        check(listed.sku == "book-42", "SetPrice: book-42 is listed")

        # Sign up and sign in.
        email = f"python-{uuid.uuid4().hex[:12]}@example.com"
        password = "a python caller's passphrase"
        created = users.CreateUser(
            user_service_pb2.CreateUserRequest(email=email, display_name="Python", password=password),
            timeout=WAIT_SECONDS)
        check(created.user.email == email and created.user.role == user_pb2.ROLE_USER,
              "CreateUser: a new ROLE_USER with the given email")
        signed_in = users.Authenticate(
            user_service_pb2.AuthenticateRequest(email=email, password=password), timeout=WAIT_SECONDS)
        check(signed_in.access_token and signed_in.user.id == created.user.id,
              "Authenticate: an access token for that user")
        auth = [("authorization", f"Bearer {signed_in.access_token}")]

        # Place an order at the listed price: the server computes the total.
        placed = orders.CreateOrder(order_service_pb2.CreateOrderRequest(
            user_id=created.user.id,
            items=[order_pb2.LineItem(sku="book-42", quantity=2)],
            request_id=str(uuid.uuid4())), metadata=auth, timeout=WAIT_SECONDS).order
        total = placed.total
        check(placed.status == order_pb2.ORDER_STATUS_PENDING_PAYMENT
              and (total.currency_code, total.units, total.nanos) == ("EUR", 25, 0),
              "CreateOrder: PENDING_PAYMENT, total EUR 25.00")

        # Watch it from the start, in the background, until its terminal event ends the stream.
        events = []
        changed = threading.Condition()
        watch = orders.WatchOrder(order_service_pb2.WatchOrderRequest(order_id=placed.id),
                                  metadata=auth, timeout=WAIT_SECONDS)

        def follow():
            try:
                for response in watch:
                    with changed:
                        events.append(response.event)
                        changed.notify_all()
            finally:
                with changed:
                    events.append(None)
                    changed.notify_all()

        watcher = threading.Thread(target=follow, daemon=True)
        watcher.start()

        def wait_for(status):
            with changed:
                seen = changed.wait_for(lambda: any(e is None or e.status == status for e in events), WAIT_SECONDS)
            check(seen and any(e is not None and e.status == status for e in events),
                  f"WatchOrder: {order_pb2.OrderStatus.Name(status)} arrives")

        wait_for(order_pb2.ORDER_STATUS_PENDING_PAYMENT)

        # Pay the total; the order becomes PAID.
        paid = payments.CreatePayment(payment_service_pb2.CreatePaymentRequest(
            order_id=placed.id, amount=total, payment_method="pm_card_visa",
            idempotency_key=str(uuid.uuid4())), metadata=auth, timeout=WAIT_SECONDS).payment
        check(paid.status == payment_pb2.PAYMENT_STATUS_SUCCEEDED and paid.order_id == placed.id,
              "CreatePayment: SUCCEEDED for the order")
        wait_for(order_pb2.ORDER_STATUS_PAID)

        # Refund all of it; the order becomes REFUNDED and the watch ends.
        refunded = payments.RefundPayment(payment_service_pb2.RefundPaymentRequest(
            payment_id=paid.id, idempotency_key=str(uuid.uuid4()), reason="changed my mind"),
            metadata=auth, timeout=WAIT_SECONDS)
        check(refunded.payment.status == payment_pb2.PAYMENT_STATUS_REFUNDED
              and refunded.refund.amount == total,
              "RefundPayment: REFUNDED, the whole total given back")
        wait_for(order_pb2.ORDER_STATUS_REFUNDED)
        watcher.join(WAIT_SECONDS)
        check(not watcher.is_alive() and events[-1] is None, "WatchOrder: the stream ends after the terminal event")
        check([e.revision for e in events[:-1]] == [1, 2, 3],
              "WatchOrder: revisions 1, 2, 3, each once and in order")
        current = orders.GetOrder(order_service_pb2.GetOrderRequest(order_id=placed.id),
                                  metadata=auth, timeout=WAIT_SECONDS).order
        check(current.status == order_pb2.ORDER_STATUS_REFUNDED and current.payment_id == paid.id,
              "GetOrder: REFUNDED, with the payment")

        # Refusals carry a google.rpc.Status with an ErrorInfo (and a BadRequest for bad fields).
        error = refused(users.CreateUser, user_service_pb2.CreateUserRequest(
            email=email, display_name="Again", password=password), timeout=WAIT_SECONDS)
        info = detail(status_details(error), error_details_pb2.ErrorInfo)
        check(error.code() == grpc.StatusCode.ALREADY_EXISTS and info.reason == "EMAIL_TAKEN"
              and info.domain == "backend",
              "CreateUser again: ALREADY_EXISTS, ErrorInfo reason EMAIL_TAKEN")
        error = refused(users.CreateUser, user_service_pb2.CreateUserRequest(
            email="not an address", display_name="Nobody", password=password), timeout=WAIT_SECONDS)
        status = status_details(error)
        fields = [v.field for v in detail(status, error_details_pb2.BadRequest).field_violations]
        check(error.code() == grpc.StatusCode.INVALID_ARGUMENT and status.code == error.code().value[0]
              and "email" in fields,
              "CreateUser with a bad email: INVALID_ARGUMENT, BadRequest names the email field")

    print(f"python journey: {checks} checks passed")


if __name__ == "__main__":
    main()
