package io.kafkarpenter.model.instancetypes;

/** Where and how an instance type can be launched, at what hourly price, and whether capacity is there now. */
public record Offering(String zone, String capacityType, double price, boolean available) {

    public Offering withAvailable(boolean isAvailable) {
        return new Offering(zone, capacityType, price, isAvailable);
    }
}
