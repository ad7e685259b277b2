"""The contact survey (kontaktenkät): rounds, personal links, answers that become ties."""
