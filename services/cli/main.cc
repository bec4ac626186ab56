// factflowctl: the operator's command line over the factflow services' gRPC APIs.

#include "app.h"

int main(int argc, char** argv) { return factflow::cli::RunFactflowctl(argc, argv); }
