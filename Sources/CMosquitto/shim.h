// Only includes the libmosquitto client header (Debian libmosquitto-dev): see
// https://mosquitto.org/api/files/mosquitto-h.html for the C API reference.
#include <mosquitto.h>
