// toscac_store_rtt URL [COUNT]: the median round trip of the store behind URL (one Put, then
// the Get of what was put), in microseconds on standard output. The agent benchmark's ideal
// critical path is its depth times this.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "store/store.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: toscac_store_rtt URL [COUNT]\n";
    return 2;
  }
  int count = argc > 2 ? std::stoi(argv[2]) : 200;
  try {
    auto store = toscac::agent::store::OpenStore(argv[1]);
    std::vector<double> us;
    for (int i = 0; i < count; ++i) {
      auto start = std::chrono::steady_clock::now();
      store->Put("/toscac-rtt/key", std::to_string(i));
      store->Get("/toscac-rtt/key");
      us.push_back(
          std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
              .count());
    }
    store->DeletePrefix("/toscac-rtt/");
    std::sort(us.begin(), us.end());
    std::cout << us[us.size() / 2] << "\n";
  } catch (const toscac::agent::store::StoreError& e) {
    std::cerr << "toscac_store_rtt: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
