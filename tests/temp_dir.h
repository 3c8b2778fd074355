// Test helpers for tests that need real files: a fresh temporary folder, removed with the
// object, and writing a file's bytes as they are.
#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace jiedao::testing {

// A fresh folder under the system's temporary folder, named after `what`, removed with the object.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& what) {
    std::random_device random;
    path = std::filesystem::temp_directory_path() / ("jiedao-" + what + "-test-" + std::to_string(random()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

inline void write(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

}  // namespace jiedao::testing
