"""The card fields localstripe's Stripe.js draws inside a giving box, filled as a donor would."""


def fill_test_card(giving, number="4242424242424242"):
    """Type a test card (Stripe's success number unless told) into the giving box's payment element."""
    card = giving.locator("[data-payment-element]")
    card.get_by_placeholder("number").fill(number)
    card.get_by_placeholder("exp_month").fill("12")
    card.get_by_placeholder("exp_year").fill("31")
    card.get_by_placeholder("cvc").fill("123")
    card.get_by_placeholder("postal_code").fill("95814")
