package org.entrasync.core.port.in;

import org.entrasync.core.model.UserFilterConfig;

/** The sync settings an operator sees without the field-sync flag (the toggles have their own surface). */
public record SettingsView(UserFilterConfig userFilter, boolean markInactiveWhenDisabled, int intervalMinutes) {}
