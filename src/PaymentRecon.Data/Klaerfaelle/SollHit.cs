namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>One open Soll position, as the Soll search and the suggestions show it.</summary>
public sealed record SollHit(
    long SollId,
    string Kassenzeichen,
    string Verfahren,
    string AnordnungsNr,
    decimal Betrag,
    decimal OpenAmount,
    DateOnly Faellig,
    string Schuldner,
    string Haushaltsstelle,
    string? Text);
